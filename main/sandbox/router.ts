// Which path is which service, and turning a request into a SNAP answer. Known paths with the wrong
// method get 405, unknown paths 404 "Invalid Routing", oversized bodies 413, a handler bug 500:
// all SNAP-shaped JSON.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PresetService } from '../snap/provider-presets';
import { servicePath } from '../snap/provider-wire';
import { SNAP_SERVICES } from '../snap/schemas';
import { authenticateTokenRequest, authenticateTransaction } from './auth';
import type { SandboxCore, ServiceHandler, ServiceOutcome } from './core';
import { DEFAULT_CUSTOMER_ID } from './customers';
import { fail, NO_SERVICE, responseCodeOf, SnapFailure } from './failures';
import { header, readBody, sendJson, sendRaw } from './http';
import { ledgerJson } from './ledger-json';
import { handleCancel } from './services/cancel';
import { handleGenerate } from './services/generate';
import { handlePayment } from './services/payment';
import { handleQuery } from './services/query';
import { handleRefund } from './services/refund';
import { handleToken } from './services/token';
import { snapTimestamp } from './time';

export const LEDGER_PATH = '/sandbox/ledger';
/**
 * Plays the customer's phone: shows a fresh CPM QR for a test customer (`?customer=budi|siti|andi`), so a
 * script or a support person can run a payment end to end with no wallet app. Not a SNAP endpoint.
 */
export const WALLET_QR_PATH = '/sandbox/wallet/qr';

interface Route {
  service: PresetService;
  code: string;
  /** Undefined: the sandbox knows the path but does not serve it (notify is sent, not received). */
  handler?: ServiceHandler;
  auth: 'token' | 'transaction';
}

export interface RouterOptions {
  log: (line: string) => void;
  /** Registers a delayed answer so close() can cancel it. */
  defer: (ms: number, action: () => void) => void;
}

export function createRouter(core: SandboxCore, options: RouterOptions) {
  const routes = new Map<string, Route>();
  // Every path is the sandbox's provider's: its prefix, versions and suffix (the preset's data).
  const add = (service: PresetService, auth: Route['auth'], handler?: ServiceHandler) => {
    const { code } = SNAP_SERVICES[service];
    routes.set(servicePath(core.rules, service), { service, code, auth, ...(handler ? { handler } : {}) });
  };
  add('tokenB2b', 'token', handleToken);
  add('generate', 'transaction', handleGenerate);
  add('payment', 'transaction', handlePayment);
  add('query', 'transaction', handleQuery);
  add('cancel', 'transaction', handleCancel);
  add('refund', 'transaction', handleRefund);
  add('notify', 'transaction');

  return async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    // The signature covers the path exactly as received, query string included.
    const path = req.url ?? '/';
    const pathOnly = path.split('?')[0] ?? path;
    const answer = (status: number, serviceCode: string, caseCode: string, message: string, fields = {}) => {
      const now = core.clock();
      const responseCode = responseCodeOf(status, serviceCode, caseCode);
      sendJson(res, status, { responseCode, responseMessage: message, ...fields }, now, status === 413);
      options.log(`${method} ${pathOnly} → ${status} ${responseCode}`);
    };

    if (pathOnly === LEDGER_PATH) {
      if (method !== 'GET') return answer(405, NO_SERVICE, '00', 'Requested Function Is Not Supported');
      sendJson(res, 200, ledgerJson(core.ledger.snapshot()), core.clock());
      return;
    }
    if (pathOnly === WALLET_QR_PATH) {
      if (method !== 'POST') return answer(405, NO_SERVICE, '00', 'Requested Function Is Not Supported');
      const wanted = new URLSearchParams(path.slice(pathOnly.length)).get('customer') ?? DEFAULT_CUSTOMER_ID;
      const customer = core.customers.find((c) => c.id === wanted);
      if (!customer) return answer(404, NO_SERVICE, '16', 'Partner Not Found');
      const qr = core.qrs.issue(customer, core.clock());
      sendJson(
        res,
        200,
        { customer: customer.id, qrContent: qr.qrContent, expiryTime: snapTimestamp(qr.expiresAt) },
        core.clock(),
      );
      options.log(`${method} ${pathOnly} → 200 (customer ${customer.id})`);
      return;
    }
    const found = routes.get(pathOnly);
    if (!found) return answer(404, NO_SERVICE, '02', 'Invalid Routing');
    if (method !== 'POST' || !found.handler)
      return answer(405, found.code, '00', 'Requested Function Is Not Supported');

    const read = await readBody(req);
    if (read.kind === 'aborted') return;
    if (read.kind === 'tooLarge') return answer(413, found.code, '00', 'Request Entity Too Large');

    const now = core.clock();
    const get = (name: string) => header(req, name);
    let outcome: ServiceOutcome;
    try {
      const authenticated =
        found.auth === 'token'
          ? { ...authenticateTokenRequest(core, get, read.raw, now), externalId: '' }
          : authenticateTransaction(core, get, { method, path, rawBody: read.raw, now });
      outcome = found.handler(core, { ...authenticated, now });
    } catch (error) {
      if (error instanceof SnapFailure)
        return answer(error.status, found.code, error.caseCode, error.responseMessage);
      options.log(`${method} ${pathOnly} → internal error: ${(error as Error).message}`);
      const general = fail.generalError();
      return answer(general.status, found.code, general.caseCode, general.responseMessage);
    }

    switch (outcome.kind) {
      case 'drop':
        options.log(`${method} ${pathOnly} → connection dropped (fault)`);
        req.socket.destroy();
        return;
      case 'malformed':
        sendRaw(res, outcome.status, outcome.text, core.clock());
        options.log(`${method} ${pathOnly} → ${outcome.status} malformed body (fault)`);
        return;
      case 'answer': {
        const { status, caseCode, message, fields, delayMs } = outcome;
        if (delayMs === undefined) return answer(status, found.code, caseCode, message, fields);
        options.defer(delayMs, () => answer(status, found.code, caseCode, message, fields));
        return;
      }
    }
  };
}
