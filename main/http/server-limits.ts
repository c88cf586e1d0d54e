// What every HTTP server we run (the embedded sandbox, the notify receiver) allows its clients. Both
// run inside the app's main process, next to the payment engine: a client that opens sockets without
// end, sends its headers a byte a minute or never finishes its body must cost a bounded amount, and
// a request Node cannot even parse still gets a JSON answer.

import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';

export interface ServerLimits {
  /** Sockets open at once; Node closes any beyond this the moment it is accepted. */
  maxConnections: number;
  /** From a socket's first byte to the end of its request headers. */
  headersTimeoutMs: number;
  /** From a socket's first byte to the end of the whole request, body included. */
  requestTimeoutMs: number;
  /** An idle keep-alive socket between two requests. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way (a client that stopped reading its answer). */
  idleTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxConnections: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
};

export function withLimits(
  limits: Partial<ServerLimits> | undefined,
  base = DEFAULT_SERVER_LIMITS,
): ServerLimits {
  return { ...base, ...limits };
}

/** createServer's options for the two request timeouts. */
function limitedServerOptions(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two request timeouts on this beat; its default (30 s) would let a slow client
    // hold a socket three times longer than the limit says.
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** The connection cap and the idle-socket timeout, which are set on the server itself. */
function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
}

/** The status a request Node refused before any handler saw it deserves. */
function clientErrorStatus(error: unknown): { status: number; reason: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, reason: 'Request Timeout' };
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large' };
  return { status: 400, reason: 'Bad Request' };
}

/**
 * Answers, straight on the socket, a request Node could not parse or that ran out of time, with a
 * JSON body (never Node's empty 400), then closes the connection.
 */
function answerClientErrorWithJson(
  socket: Duplex,
  error: unknown,
  body: (status: number, reason: string) => unknown,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const { status, reason } = clientErrorStatus(error);
  const text = JSON.stringify(body(status, reason));
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `${extra}Connection: close\r\n\r\n${text}`,
  );
}

export interface ClientErrorAnswer {
  /** The JSON body in the server's own shape, for a status and its reason phrase. */
  body: (status: number, reason: string) => unknown;
  /** Headers the server puts on every answer (the sandbox's X-TIMESTAMP). */
  headers?: () => Record<string, string>;
}

/**
 * An http.Server with the limits applied (timeouts, connection cap, idle sockets) whose answer to a
 * request Node cannot parse, or that ran out of time, is JSON in the server's own shape.
 */
export function createLimitedServer(
  limits: ServerLimits,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  clientError: ClientErrorAnswer,
): Server {
  const server = createServer(limitedServerOptions(limits), handler);
  applyServerLimits(server, limits);
  server.on('clientError', (error, socket) =>
    answerClientErrorWithJson(socket, error, clientError.body, clientError.headers?.()),
  );
  return server;
}
