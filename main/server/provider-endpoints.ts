// The addresses providers post to. A SNAP notify (79) is trusted only when the provider's signature
// over the raw body verifies with one of the configured public keys; its body is then stored (a
// retry of the same body is a repeat) and only once that commit is durable is it answered 2007900,
// so a provider never hears "received" for a notify the server could still lose. A notify that
// names a payment no terminal has synced yet is stored all the same: it waits for its terminal.
//
// A Klikoo callback carries no authentication at all (none is documented), so it is kept as a
// hint and nothing more: the terminal that bought the product asks Klikoo before believing it. It is
// kept with the customer's number masked, as every purchase on the server is.

import { createHash, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskCallbackCustomer } from '../ppob/customer-mask';
import { parseBoundedJson } from '../snap/bounded-json';
import { minifyJsonBody } from '../snap/minify';
import { verifyNotify } from '../snap/notify';
import type { HintStore } from './hints';
import { readBody, sendJson } from './http';

export const NOTIFY_MAX_BODY_BYTES = 64 * 1024;

export interface ProviderEndpointOptions {
  hints: HintStore;
  /** Every provider's public key; a notify verifying with any of them is that provider's. */
  providerKeys: readonly KeyObject[];
  /** Terminals with new deliveries: woken on the live hub. */
  routed: (terminalIds: readonly string[]) => void;
  log: (line: string) => void;
}

function digestOf(rawBody: string): string {
  return createHash('sha256').update(minifyJsonBody(rawBody)).digest('hex');
}

function snapAnswer(
  res: ServerResponse,
  status: number,
  responseCode: string,
  responseMessage: string,
): void {
  sendJson(res, status, { responseCode, responseMessage });
}

export function snapNotifyHandler(options: ProviderEndpointOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return snapAnswer(res, 405, '4057900', 'Requested Function Is Not Supported');
    let rawBody: string;
    try {
      rawBody = await readBody(req, res, NOTIFY_MAX_BODY_BYTES);
    } catch {
      return snapAnswer(res, 413, '4137900', 'Request Entity Too Large');
    }
    if (options.providerKeys.length === 0) {
      options.log('notify refused: the server has no provider public key (--provider-key)');
      return snapAnswer(res, 401, '4017900', 'Unauthorized. Signature');
    }
    const incoming = { method: 'POST', path: req.url ?? '', headers: req.headers, rawBody };
    let verified = verifyNotify(incoming, { publicKey: options.providerKeys[0] as KeyObject });
    for (const key of options.providerKeys.slice(1)) {
      if (verified.ok || verified.error.code !== 'SNAP_NOTIFY_SIGNATURE_INVALID') break;
      verified = verifyNotify(incoming, { publicKey: key });
    }
    if (!verified.ok) {
      options.log(`notify refused: ${verified.error.code}: ${verified.error.messages.en}`);
      return sendJson(res, verified.httpStatus, verified.answer);
    }
    const body = verified.body;
    const refs = [body.originalPartnerReferenceNo, body.originalReferenceNo].filter(
      (ref): ref is string => ref !== undefined && ref !== '',
    );
    const stored = await options.hints.store({
      source: 'snap-notify',
      digest: digestOf(rawBody),
      status: body.latestTransactionStatus,
      merchantId: body.merchantId,
      refs,
      body,
      externalId: verified.externalId ?? null,
    });
    options.log(
      `notify ${body.latestTransactionStatus} for ${refs[0] ?? '?'}: ${stored.repeat ? 'a repeat' : 'stored'}, ` +
        (stored.routedTo.length > 0
          ? `to ${stored.routedTo.length} terminal(s)`
          : 'waiting for its terminal'),
    );
    options.routed(stored.routedTo);
    sendJson(res, 200, verified.answer);
  };
}

/** Where a callback names its transaction: top level or under `data`, by our reference or theirs. */
function callbackRefs(body: Record<string, unknown>): string[] {
  const places = [
    body,
    typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {},
  ];
  const refs = new Set<string>();
  for (const place of places) {
    for (const name of ['partner_reference_id', 'transaction_id', 'ref_id', 'reference_id']) {
      const value = place[name];
      if ((typeof value === 'string' && value !== '' && value.length <= 64) || typeof value === 'number') {
        refs.add(String(value));
      }
    }
  }
  return [...refs];
}

function callbackStatus(body: Record<string, unknown>): string | null {
  const data =
    typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {};
  const status = body.transaction_status ?? body.status ?? data.transaction_status ?? data.status;
  return typeof status === 'string' ? status.slice(0, 32) : null;
}

export function klikooCallbackHandler(options: ProviderEndpointOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { received: false, reason: 'POST only' });
    let rawBody: string;
    try {
      rawBody = await readBody(req, res, NOTIFY_MAX_BODY_BYTES);
    } catch {
      return sendJson(res, 413, { received: false, reason: 'body too large' });
    }
    const parsed = parseBoundedJson(rawBody);
    if (
      !parsed.ok ||
      typeof parsed.value !== 'object' ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      return sendJson(res, 400, { received: false, reason: 'not a JSON object' });
    }
    const body = parsed.value as Record<string, unknown>;
    const refs = callbackRefs(body);
    if (refs.length === 0) {
      return sendJson(res, 400, { received: false, reason: 'no partner_reference_id or transaction_id' });
    }
    const stored = await options.hints.store({
      source: 'klikoo-callback',
      digest: digestOf(rawBody),
      status: callbackStatus(body),
      merchantId: null,
      refs,
      body: maskCallbackCustomer(body),
      externalId: null,
    });
    options.log(`klikoo callback for ${refs[0]}: ${stored.repeat ? 'a repeat' : 'stored'} as a hint`);
    options.routed(stored.routedTo);
    sendJson(res, 200, { received: true });
  };
}
