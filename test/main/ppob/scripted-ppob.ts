// A Klikoo B2B and DOKU Biller that answer exactly what a test scripts, over real HTTP on 127.0.0.1,
// so the purchase engine is driven through the real clients for the answers the simulators never
// give: an advice refused for its own sake, answers naming another bill or amount, contradictions.
// The token call and both price lists answer on their own; every other call answers 500 without a
// body (an unknown outcome) until a test scripts it. Every request is recorded.

import { DEFAULT_DOKU_PATHS } from '../../../main/ppob/doku/paths';
import { DEFAULT_KLIKOO_PATHS } from '../../../main/ppob/klikoo/paths';
import type { ScriptedAnswer } from '../../support/scripted-answer';
import { listenOnLoopback, scriptedServer, sendScriptedAnswer } from '../../support/scripted-answer';

export type PpobService =
  | 'klikoo.products'
  | 'klikoo.inquiryPrepaid'
  | 'klikoo.inquiryPostpaid'
  | 'klikoo.buy'
  | 'klikoo.detail'
  | 'klikoo.history'
  | 'klikoo.balance'
  | 'doku.products'
  | 'doku.inquiry'
  | 'doku.payment'
  | 'doku.advice'
  | 'doku.balance';

export interface PpobReceived {
  service: PpobService;
  path: string;
  body: Record<string, unknown>;
}

export type PpobAnswer = ScriptedAnswer;

/** The answer to one request; `n` counts requests of this service from 1. */
export type PpobResponder = (request: PpobReceived, n: number) => PpobAnswer;

export interface ScriptedPpob {
  baseUrl: string;
  received: PpobReceived[];
  of: (service: PpobService) => PpobReceived[];
  on: (service: PpobService, responder: PpobResponder) => void;
  close: () => Promise<void>;
}

/** What both price lists offer: a Telkomsel 10.000 and PLN postpaid (admin fee 2.500). */
export const SCRIPTED_PRODUCTS = {
  klikoo: { pulsa: 'TSEL10', bill: 'PLNPOST' },
  doku: { pulsa: 'PULSA-TSEL-10', bill: 'PLN-PASCA' },
} as const;

function route(method: string, path: string): PpobService | undefined {
  const k = DEFAULT_KLIKOO_PATHS;
  const d = DEFAULT_DOKU_PATHS;
  const detailPrefix = k.detail.replace('{transaction_id}', '');
  if (method === 'POST' && path === k.products) return 'klikoo.products';
  if (method === 'POST' && path === k.inquiryPrepaid) return 'klikoo.inquiryPrepaid';
  if (method === 'POST' && path === k.inquiryPostpaid) return 'klikoo.inquiryPostpaid';
  if (method === 'POST' && path === k.buy) return 'klikoo.buy';
  if (method === 'GET' && path === k.history) return 'klikoo.history';
  if (method === 'GET' && path.startsWith(detailPrefix)) return 'klikoo.detail';
  if (method === 'GET' && path === k.balance) return 'klikoo.balance';
  if (method === 'GET' && path === d.products) return 'doku.products';
  if (method === 'POST' && path === d.inquiry) return 'doku.inquiry';
  if (method === 'POST' && path === d.payment) return 'doku.payment';
  if (method === 'POST' && path === d.advice) return 'doku.advice';
  if (method === 'GET' && path === d.balance) return 'doku.balance';
  return undefined;
}

const DEFAULTS: Partial<Record<PpobService, PpobResponder>> = {
  'klikoo.products': () => ({
    status: 200,
    body: {
      response_code: '200042000',
      response_message: 'Sukses',
      data: [
        {
          product_code: 'TSEL10',
          product_name: 'Telkomsel 10.000',
          category: 'pulsa',
          brand: 'Telkomsel',
          price: '10450',
          status: 'active',
        },
        {
          product_code: 'PLNPOST',
          product_name: 'PLN Pascabayar',
          category: 'plnpostpaid',
          price: '2500',
          status: 'active',
        },
      ],
    },
  }),
  'doku.products': () => ({
    status: 200,
    body: {
      responseCode: '0000',
      responseMessage: 'Success',
      products: [
        {
          productCode: 'PULSA-TSEL-10',
          productName: 'Telkomsel 10.000',
          category: 'PULSA',
          price: '10450',
          status: 'ACTIVE',
        },
        {
          productCode: 'PLN-PASCA',
          productName: 'PLN Pascabayar',
          category: 'PLN_POSTPAID',
          price: '2500',
          status: 'ACTIVE',
        },
      ],
    },
  }),
};

export async function startScriptedPpob(): Promise<ScriptedPpob> {
  const received: PpobReceived[] = [];
  const responders = new Map<PpobService, PpobResponder>();
  const counts = new Map<PpobService, number>();

  const server = scriptedServer((req, res, { path, text }) => {
    if (path === DEFAULT_KLIKOO_PATHS.token) {
      sendScriptedAnswer(req, res, {
        status: 200,
        body: {
          response_code: '200012000',
          response_message: 'Sukses',
          data: { access_token: 'scripted-token', token_type: 'Bearer', expires_in: 900 },
        },
      });
      return;
    }
    const service = route(req.method ?? 'GET', path);
    if (!service) {
      sendScriptedAnswer(req, res, { status: 404, raw: '{}' });
      return;
    }
    const request: PpobReceived = {
      service,
      path,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
    received.push(request);
    const n = (counts.get(service) ?? 0) + 1;
    counts.set(service, n);
    const responder = responders.get(service) ?? DEFAULTS[service];
    sendScriptedAnswer(req, res, responder ? responder(request, n) : { status: 500, raw: '' });
  });
  const { baseUrl, close } = await listenOnLoopback(server);
  return {
    baseUrl,
    received,
    of: (service) => received.filter((r) => r.service === service),
    on: (service, responder) => responders.set(service, responder),
    close,
  };
}

// DOKU Biller answers -----------------------------------------------------------------------------

export function dokuCoded(
  code: string,
  message = 'scripted',
  extra: Record<string, unknown> = {},
): PpobAnswer {
  return { status: 200, body: { responseCode: code, responseMessage: message, ...extra } };
}

/** An inquiry's quote for what the request asked, as DOKU answers it (bill 245.000 + admin 2.500). */
export function dokuQuote(request: PpobReceived, overrides: Record<string, unknown> = {}): PpobAnswer {
  return dokuCoded('0000', 'Success', {
    inquiryId: 'DINQ-SCRIPTED-1',
    customerId: request.body.customerId,
    customerName: 'BUDI SANTOSO',
    productCode: request.body.productCode,
    amount: '245000',
    adminFee: '2500',
    totalAmount: '247500',
    billPeriod: '202511',
    ...overrides,
  });
}

/** A pulsa inquiry's quote (no bill: the product's price). */
export function dokuPulsaQuote(request: PpobReceived, overrides: Record<string, unknown> = {}): PpobAnswer {
  return dokuQuote(request, {
    customerName: '-',
    amount: '10450',
    adminFee: '0',
    totalAmount: '10450',
    billPeriod: undefined,
    ...overrides,
  });
}

// Klikoo answers -----------------------------------------------------------------------------------

/** A postpaid inquiry's bill for what the request asked (bill 245.000 + admin 2.500). */
export function klikooBill(request: PpobReceived, overrides: Record<string, unknown> = {}): PpobAnswer {
  return klikooCoded(
    '200022000',
    {
      account_number: request.body.account_number,
      product_code: request.body.product_code,
      customer_name: 'BUDI SANTOSO',
      period: '202511',
      amount: '245000',
      admin_fee: '2500',
      total_amount: '247500',
      inquiry_id: 'KINQ-SCRIPTED-1',
      ...overrides,
    },
    'Sukses',
  );
}

export function klikooCoded(code: string, data: unknown = null, message = 'scripted'): PpobAnswer {
  return {
    status: Number(code.slice(0, 3)),
    body: { response_code: code, response_message: message, data },
  };
}

export function klikooTransaction(
  request: PpobReceived | undefined,
  status: 'WAITING' | 'SUCCESS' | 'FAILED',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    transaction_id: 'KT-1',
    ...(request === undefined
      ? {}
      : {
          partner_reference_id: request.body.partner_reference_id,
          product_code: request.body.product_code,
          value: request.body.value,
          amount: request.body.amount,
        }),
    status,
    sn: status === 'SUCCESS' ? '0612345678901234' : null,
    ...overrides,
  };
}
