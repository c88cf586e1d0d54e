// A DOKU Biller simulator: inquiry → payment → advice, products and balance, signed and checked the
// way main/ppob/doku/adapter.ts describes DOKU Biller's wire (the one module holding every guess
// about it), and the fault table of catalogue.ts. Answers are HTTP 200 with the 4-character code in
// the body, except a signature DOKU cannot verify (401) and a system failure (500 SY00).

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { KasirError } from '../../errors';
import type { Minor } from '../../money/amount';
import {
  ADVICE_NOT_FOUND_CODE,
  DOKU_CATEGORIES,
  DOKU_HEADERS,
  DokuAdviceRequestSchema,
  DokuInquiryRequestSchema,
  DokuPaymentRequestSchema,
  dokuAmount,
  verifyDokuRequest,
} from '../../ppob/doku/adapter';
import { DEFAULT_DOKU_PATHS } from '../../ppob/doku/paths';
import { checkCustomerNumber, POSTPAID_CATEGORIES } from '../../ppob/products';
import { MAX_CLOCK_SKEW_MS } from '../../snap/clock-skew';
import { DOKU_CASES } from '../../snap/response-codes/doku-table';
import { ExternalIdRegistry } from '../external-ids';
import { header, readBody } from '../http';
import type { SandboxProduct } from './catalogue';
import { billOf, faultOf, nameOf, SANDBOX_PRODUCTS, sandboxProduct } from './catalogue';
import { PPOB_LEDGER_PATH } from './klikoo-sim';
import type { SandboxPurchase } from './ledger';
import { PpobLedger, ppobLedgerJson } from './ledger';
import type { PpobSimOptions } from './options';
import type { PpobServer, WireOutcome } from './serve';
import { cutOff, serialNumberFor, servePpob } from './serve';

export interface DokuSandboxPartner {
  clientId: string;
  secretKey: string;
}

export interface DokuSandbox extends PpobServer {
  ledger: PpobLedger;
}

interface Inquiry {
  inquiryId: string;
  partnerId: string;
  product: SandboxProduct;
  customerNo: string;
  name: string;
  amount: Minor;
  adminFee: Minor;
  period?: string | undefined;
}

const MESSAGES = new Map(DOKU_CASES.map((row) => [row.code, row.message]));

class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly status = 200,
    readonly detail?: string,
  ) {
    super(code);
  }
}

function coded(
  code: string,
  status = 200,
  extra: Record<string, unknown> = {},
  message?: string,
): WireOutcome {
  return {
    kind: 'json',
    status,
    body: { responseCode: code, responseMessage: message ?? MESSAGES.get(code) ?? code, ...extra },
  };
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export async function startDokuSandbox(
  partners: readonly DokuSandboxPartner[],
  options: PpobSimOptions & { host: string; port: number },
): Promise<DokuSandbox> {
  const paths = DEFAULT_DOKU_PATHS;
  const byClientId = new Map(partners.map((p) => [p.clientId, p]));
  const ledger = new PpobLedger('doku', options.openingDeposit);
  const inquiries = new Map<string, Inquiry>();
  const systraces = new ExternalIdRegistry();
  const played = new Set<string>();

  function authenticate(req: IncomingMessage, raw: string, target: string): DokuSandboxPartner {
    const clientId = header(req, DOKU_HEADERS.clientId)?.trim();
    const requestId = header(req, DOKU_HEADERS.requestId)?.trim();
    const timestamp = header(req, DOKU_HEADERS.timestamp)?.trim();
    const signature = header(req, DOKU_HEADERS.signature)?.trim();
    const missing = !clientId
      ? 'Client-Id'
      : !requestId
        ? 'Request-Id'
        : !timestamp
          ? 'Request-Timestamp'
          : !signature
            ? 'Signature'
            : undefined;
    if (missing !== undefined || !clientId || !requestId || !timestamp || !signature) {
      throw new Refusal('IT01', 400, missing);
    }
    const partner = byClientId.get(clientId);
    if (!partner) throw new Refusal('IT07', 401);
    const sent = ISO_Z.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
    if (!Number.isFinite(sent) || Math.abs(sent - options.clock().getTime()) > MAX_CLOCK_SKEW_MS) {
      throw new Refusal('IT01', 400, 'Request-Timestamp');
    }
    if (
      !verifyDokuRequest({
        clientId,
        requestId,
        timestamp,
        target,
        body: raw,
        secretKey: partner.secretKey,
        signature,
      })
    ) {
      throw new Refusal('IT01', 401, 'Signature');
    }
    return partner;
  }

  function body<S extends z.ZodType>(schema: S, raw: string): z.infer<S> {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new Refusal('IT01', 200, 'body');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Refusal('IT01', 200, String(parsed.error.issues[0]?.path[0] ?? 'body'));
    return parsed.data;
  }

  function claimSystrace(partner: DokuSandboxPartner, systrace: string): void {
    if (!systraces.claim(partner.clientId, systrace, options.clock())) throw new Refusal('IT06');
  }

  function inquiry(partner: DokuSandboxPartner, raw: string): WireOutcome {
    const request = body(DokuInquiryRequestSchema, raw);
    claimSystrace(partner, request.systrace);
    const product = sandboxProduct('doku', request.productCode);
    if (!product?.active) throw new Refusal('IT05');
    try {
      checkCustomerNumber(
        { code: request.productCode, category: product.category, operator: product.operator },
        request.customerId,
      );
    } catch (error) {
      if (error instanceof KasirError) throw new Refusal('U000');
      throw error;
    }
    const fault = faultOf(request.customerId);
    let amount = product.price;
    let adminFee = 0n;
    let name: string | undefined;
    let period: string | undefined;
    if (POSTPAID_CATEGORIES.has(product.category)) {
      const bill = billOf(product, request.customerId, request.period);
      if (!bill) throw new Refusal('U000');
      if (fault === 'billAlreadyPaid' || ledger.billPaid(bill.customerNo, bill.period))
        throw new Refusal('U001');
      if (fault === 'billExpired') throw new Refusal('U102');
      amount = bill.amount + product.price;
      adminFee = product.price;
      name = bill.name;
      period = bill.period;
    } else {
      name =
        nameOf(product, request.customerId) ??
        (product.category === 'pulsa' || product.category === 'data' ? '-' : undefined);
      if (name === undefined) throw new Refusal('U000');
    }
    const record: Inquiry = {
      inquiryId: `DINQ${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`,
      partnerId: partner.clientId,
      product,
      customerNo: request.customerId,
      name,
      amount,
      adminFee,
      period,
    };
    inquiries.set(record.inquiryId, record);
    return coded('0000', 200, {
      inquiryId: record.inquiryId,
      customerId: record.customerNo,
      customerName: name,
      productCode: request.productCode,
      amount: dokuAmount(amount - adminFee),
      adminFee: dokuAmount(adminFee),
      totalAmount: dokuAmount(amount),
      ...(period === undefined ? {} : { billPeriod: period }),
    });
  }

  const paymentAnswer = (p: SandboxPurchase, inquiryId: string): WireOutcome => {
    if (p.status === 'WAITING')
      return coded('5586', 200, { inquiryId, transactionId: p.transactionId, amount: dokuAmount(p.amount) });
    if (p.status === 'FAILED')
      return coded(p.failureCode ?? 'U000', 200, { inquiryId, transactionId: p.transactionId });
    return coded('0000', 200, {
      inquiryId,
      transactionId: p.transactionId,
      serialNumber: p.sn ?? '',
      amount: dokuAmount(p.amount),
    });
  };

  function payment(partner: DokuSandboxPartner, requestId: string, raw: string): WireOutcome {
    const request = body(DokuPaymentRequestSchema, raw);
    // The payment's Request-Id is its idempotency key: a repeat is refused, never processed twice.
    if (ledger.findByReference(partner.clientId, requestId)) throw new Refusal('IT09');
    claimSystrace(partner, request.systrace);
    const found = inquiries.get(request.inquiryId);
    if (
      !found ||
      found.partnerId !== partner.clientId ||
      found.customerNo !== request.customerId ||
      found.product.codes.doku !== request.productCode
    ) {
      throw new Refusal('IT02');
    }
    const used = ledger
      .list(partner.clientId)
      .find((p) => p.inquiryId === found.inquiryId && p.status !== 'FAILED');
    if (used) throw new Refusal('IT03');
    if (BigInt(request.amount) * 100n !== found.amount) throw new Refusal('IT04');
    if (ledger.waitingFor(partner.clientId, found.customerNo)) throw new Refusal('U004');
    // A forced 0000 is served as it is; a forced 5586 is served pending; any other is answered alone.
    const forced = options.forcedCode?.(found.customerNo);
    if (forced !== undefined && forced !== '0000' && forced !== '5586') {
      return coded(forced, forced === 'SY00' ? 500 : 200);
    }
    const fault = forced === '5586' ? 'waitingThenSuccess' : faultOf(found.customerNo);
    const once = (name: string) => {
      const key = `${name}\u0000${requestId}`;
      if (played.has(key)) return false;
      played.add(key);
      return true;
    };
    if (fault === 'insufficientDeposit') throw new Refusal('IT08');
    if (fault === 'billerClosed') throw new Refusal('SY06');
    if (fault === 'notChargedThenHttp500' && once('500')) throw new Refusal('SY00', 500);
    const now = options.clock();
    const base = {
      provider: 'doku' as const,
      partnerId: partner.clientId,
      reference: requestId,
      productCode: request.productCode,
      customerNo: found.customerNo,
      amount: found.amount,
      inquiryId: found.inquiryId,
      ...(found.period === undefined ? {} : { period: found.period }),
      ...(fault === undefined ? {} : { fault }),
      waitingLookupsLeft: 0,
      ...(fault === 'duplicateReference' ? { hiddenUntil: new Date(now.getTime() + options.hiddenMs) } : {}),
    };
    if (fault === 'failed') {
      ledger.create({ ...base, status: 'FAILED', failureCode: 'U103', reason: 'Exceed limit KWh.' }, now);
      throw new Refusal('U103');
    }
    const waiting = fault === 'waitingThenSuccess' || fault === 'waitingThenFailed';
    const created = ledger.create(
      {
        ...base,
        status: waiting ? 'WAITING' : 'SUCCESS',
        waitingLookupsLeft: waiting ? options.waitingLookups : 0,
        waitingOutcome: fault === 'waitingThenFailed' ? 'FAILED' : 'SUCCESS',
        ...(fault === 'waitingThenFailed'
          ? { failureCode: 'U000', reason: 'Transaksi gagal di biller' }
          : {}),
      },
      now,
    );
    if (!created) throw new Refusal('IT08');
    const sn = serialNumberFor(found.product.category, created.transactionId, {
      name: found.name,
      kwh: found.product.kwh,
    });
    if (waiting) {
      created.pendingSn = sn;
      server.defer(options.waitingMs, () => ledger.settle(created, options.clock()));
    } else {
      created.sn = sn;
    }
    const answer = paymentAnswer(created, found.inquiryId);
    switch (fault) {
      case 'successThenHttp500':
        return coded('SY00', 500);
      case 'successThenDrop':
      case 'duplicateReference':
        return { kind: 'drop' };
      case 'successThenMalformed':
        return cutOff((answer as { body: unknown }).body, 200);
      case 'successLate':
        return { ...(answer as Extract<WireOutcome, { kind: 'json' }>), delayMs: options.lateAnswerMs };
      default:
        return answer;
    }
  }

  function advice(partner: DokuSandboxPartner, raw: string): WireOutcome {
    const request = body(DokuAdviceRequestSchema, raw);
    claimSystrace(partner, request.systrace);
    const found = ledger.findByReference(partner.clientId, request.originalRequestId);
    if (!found || found.inquiryId !== request.inquiryId || !ledger.lookup(found, options.clock()).visible) {
      return coded(ADVICE_NOT_FOUND_CODE);
    }
    return paymentAnswer(found, request.inquiryId);
  }

  async function handle(req: IncomingMessage): Promise<WireOutcome> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const pathOnly = path.split('?')[0] ?? '/';
    if (pathOnly === PPOB_LEDGER_PATH && method === 'GET') {
      return { kind: 'json', status: 200, body: ppobLedgerJson(ledger.snapshot()) };
    }
    const read = await readBody(req);
    if (read.kind === 'aborted') return { kind: 'drop' };
    if (read.kind === 'tooLarge') return coded('IT01', 413, {}, 'Invalid parameter [body] request.');
    try {
      const routes: Record<string, [string, string]> = {
        products: ['GET', paths.products],
        inquiry: ['POST', paths.inquiry],
        payment: ['POST', paths.payment],
        advice: ['POST', paths.advice],
        balance: ['GET', paths.balance],
      };
      const route = Object.entries(routes).find(([, [m, p]]) => m === method && p === pathOnly)?.[0];
      if (route === undefined) return coded('IT05', 404, {}, 'Unregistered path');
      const partner = authenticate(req, read.raw, pathOnly);
      switch (route) {
        case 'products':
          return coded('0000', 200, {
            products: SANDBOX_PRODUCTS.map((p) => ({
              productCode: p.codes.doku,
              productName: p.name,
              category: DOKU_CATEGORIES[p.category],
              price: dokuAmount(p.price),
              status: p.active ? 'ACTIVE' : 'INACTIVE',
            })),
          });
        case 'inquiry':
          return inquiry(partner, read.raw);
        case 'payment':
          return payment(partner, header(req, DOKU_HEADERS.requestId) ?? '', read.raw);
        case 'advice':
          return advice(partner, read.raw);
        default:
          return coded('0000', 200, { balance: dokuAmount(ledger.balance(partner.clientId)) });
      }
    } catch (error) {
      if (error instanceof Refusal) {
        const message =
          error.code === 'IT01' && error.detail ? `Invalid parameter [${error.detail}] request.` : undefined;
        return coded(error.code, error.status, {}, message);
      }
      throw error;
    }
  }

  const server = await servePpob(options.host, options.port, handle, (line) => options.log(`doku ${line}`));
  return { ...server, ledger };
}
