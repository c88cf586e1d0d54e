// How the tests' scripted providers (SNAP, Klikoo B2B, DOKU Biller) give one answer over real HTTP:
// a JSON body (at once or after a delay), raw text of any shape, or a dropped connection.

import type { IncomingMessage, ServerResponse } from 'node:http';

export type ScriptedAnswer<Body = unknown> =
  | { status: number; body: Body; delayMs?: number }
  | { raw: string; status: number }
  | { drop: true };

export function sendScriptedAnswer(req: IncomingMessage, res: ServerResponse, answer: ScriptedAnswer): void {
  if ('drop' in answer) {
    req.socket.destroy();
    return;
  }
  const send = (statusCode: number, body: string) => {
    res.writeHead(statusCode, { 'Content-Type': 'application/json' });
    res.end(body);
  };
  if ('raw' in answer) {
    send(answer.status, answer.raw);
    return;
  }
  const reply = () => {
    if (!res.destroyed) send(answer.status, JSON.stringify(answer.body));
  };
  if (answer.delayMs) setTimeout(reply, answer.delayMs);
  else reply();
}
