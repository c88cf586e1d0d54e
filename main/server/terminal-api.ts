// The terminals' side of the server (see main/sync/protocol.ts for the wire). Everything but
// enrolment needs the terminal's own bearer credential; a stranger, a revoked terminal or a
// made-up token all get the same 401, and nothing about whether such a terminal exists.

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AckRequestSchema,
  EnrolRequestSchema,
  MAX_TERMINAL_BODY_BYTES,
  SyncBatchSchema,
  TERMINAL_API,
} from '../sync/protocol';
import type { HintStore } from './hints';
import type { Handler } from './http';
import { bearerToken, readJson, refuse, sendJson } from './http';
import type { SyncIngest } from './ingest';
import type { LiveHub } from './live-hub';
import type { TerminalInfo, TerminalRegistry } from './terminals';

export interface TerminalApiOptions {
  terminals: TerminalRegistry;
  ingest: SyncIngest;
  hints: HintStore;
  hub: LiveHub;
  log: (line: string) => void;
}

export function terminalRoutes(options: TerminalApiOptions): Map<string, Handler> {
  const { terminals, ingest, hints, hub, log } = options;

  async function caller(req: IncomingMessage): Promise<TerminalInfo> {
    const token = bearerToken(req);
    const terminal = token === undefined ? undefined : await terminals.authenticate(token);
    if (!terminal) {
      throw refuse(
        401,
        'TERMINAL_NOT_ENROLLED',
        'Terminal ini tidak terdaftar di server (atau pendaftarannya dicabut). Daftarkan lagi dengan kode baru.',
        'This terminal is not enrolled on the server (or its enrolment was revoked). Enrol it again with a new code.',
      );
    }
    return terminal;
  }

  function method(req: IncomingMessage, allowed: string): void {
    if (req.method !== allowed) {
      throw refuse(405, 'METHOD_NOT_ALLOWED', `Hanya ${allowed}.`, `${allowed} only.`);
    }
  }

  const routes = new Map<string, Handler>();
  routes.set(TERMINAL_API.enrol, async (req, res) => {
    method(req, 'POST');
    const request = await readJson(req, res, 16 * 1024, EnrolRequestSchema);
    const answer = await terminals.enrol(request);
    log(
      `terminal ${answer.terminalKey} (${request.terminal.terminalId}) enrolled for ${answer.shop} / ${answer.label}`,
    );
    sendJson(res, 200, answer);
  });
  routes.set(TERMINAL_API.sync, async (req, res) => {
    if (req.method === 'GET') {
      const terminal = await caller(req);
      const [cursors, live] = await Promise.all([
        ingest.cursors(terminal.id),
        hints.acknowledged(terminal.id),
      ]);
      return sendJson(res, 200, { cursors, live });
    }
    method(req, 'POST');
    const terminal = await caller(req);
    const batch = await readJson(req, res, MAX_TERMINAL_BODY_BYTES, SyncBatchSchema);
    const result = await ingest.ingest(terminal.id, batch);
    hub.wake(result.routedTo);
    sendJson(res, 200, { stream: result.stream, cursor: result.cursor, stored: result.stored });
  });
  routes.set(TERMINAL_API.ack, async (req, res) => {
    method(req, 'POST');
    const terminal = await caller(req);
    const { cursor } = await readJson(req, res, 1024, AckRequestSchema);
    await hints.acknowledge(terminal.id, cursor);
    sendJson(res, 200, { cursor });
  });
  routes.set(TERMINAL_API.live, async (req: IncomingMessage, res: ServerResponse) => {
    method(req, 'GET');
    const terminal = await caller(req);
    const header = req.headers['last-event-id'];
    const cursor = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : 0;
    // Reconnecting with a cursor says everything up to it was applied.
    if (cursor > 0) await hints.acknowledge(terminal.id, cursor);
    hub.attach(terminal.id, res, cursor);
  });
  return routes;
}
