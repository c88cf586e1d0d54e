// A strict Klikoo B2B OpenAPI simulator: the token call with its RSA signature, HMAC-signed calls with
// Open-Api-* headers and a bearer token, the price list, inquiries, Buy Product, transaction detail,
// history (paginated as `meta`), balance, callbacks to a registered URL, and the fault table of
// catalogue.ts. It speaks the wire of main/ppob/klikoo/wire.ts, the client's own description.

import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { KasirError } from '../../errors';
import { DEFAULT_KLIKOO_PATHS } from '../../ppob/klikoo/paths';
import type { KlikooTransaction } from '../../ppob/klikoo/wire';
import {
  KLIKOO_CATEGORIES,
  KLIKOO_HEADERS,
  KlikooBuyRequestSchema,
  KlikooPostpaidInquiryRequestSchema,
  KlikooPrepaidInquiryRequestSchema,
  KlikooProductsRequestSchema,
  KlikooTokenRequestSchema,
  klikooAmount,
} from '../../ppob/klikoo/wire';
import { checkCustomerNumber, POSTPAID_CATEGORIES } from '../../ppob/products';
import { MAX_CLOCK_SKEW_MS } from '../../snap/clock-skew';
import { parseSnapTimestamp } from '../../snap/headers';
import { loadPublicKey, verifyToken, verifyTransaction } from '../../snap/signature';
import { header, readBody } from '../http';
import { TokenStore } from '../tokens';
import { billOf, faultOf, nameOf, SANDBOX_PRODUCTS, sandboxProduct } from './catalogue';
import type { SandboxPurchase } from './ledger';
import { PpobLedger, ppobLedgerJson } from './ledger';
import type { PpobSimOptions } from './options';
import type { PpobServer, WireOutcome } from './serve';
import { cutOff, serialNumberFor, servePpob } from './serve';

export interface KlikooSandboxPartner {
  clientId: string;
  clientSecret: string;
  /** The partner's RSA public key: it verifies the token request's signature. */
  publicKeyPem: string;
  /** Where Klikoo POSTs a purchase's final status (no authentication, as Klikoo documents). */
  callbackUrl?: string | undefined;
}

export const PPOB_LEDGER_PATH = '/sandbox/ledger';

/** Klikoo's service codes (specs/klikoo-b2b-response-codes.txt, "Service Code List"). */
const SERVICE = { auth: '01', transaction: '02', account: '03', product: '04' } as const;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly caseCode: string,
    readonly responseMessage: string,
  ) {
    super(responseMessage);
  }
}

const refuse = {
  time: () => new Refusal(400, '6505', 'Waktu tidak sesuai'),
  signature: () => new Refusal(400, '6508', 'Signature tidak sesuai'),
  validation: () => new Refusal(400, '6510', 'Validasi Error'),
  missing: () => new Refusal(400, '6512', 'Field tidak boleh kosong'),
  productMismatch: () => new Refusal(404, '6525', 'Produk tidak sesuai'),
  uuid: () => new Refusal(400, '6568', 'UUID tidak sesuai'),
  grantType: () => new Refusal(400, '6569', 'Grant type tidak sesuai'),
  token: () => new Refusal(401, '6500', 'Token tidak sesuai'),
  tokenExpired: () => new Refusal(401, '6535', 'Token kadaluarsa'),
  credentials: () => new Refusal(401, '6570', 'Kredensial tidak sesuai'),
  customer: () => new Refusal(404, '7002', 'No Customer tidak ditemukan'),
  product: () => new Refusal(404, '7003', 'Produk tidak ditemukan'),
  transaction: () => new Refusal(404, '7005', 'Transaksi tidak ditemukan'),
  wrongNumber: () => new Refusal(404, '7011', 'No pelanggan salah, pastikan nomor yang diinput sesuai'),
  duplicate: () =>
    new Refusal(409, '6563', 'ReferenceNo sudah digunakan, silahkan gunakan reference_no yang lain'),
  deposit: () => new Refusal(422, '6558', 'Dompet tidak cukup'),
  // Not in Klikoo's table (a bill's state has no documented code): read by the decoder from the HTTP status.
  billPaid: () => new Refusal(422, '7102', 'Tagihan sudah dibayar'),
  billExpired: () => new Refusal(422, '7103', 'Tagihan sudah kadaluarsa'),
  database: () => new Refusal(500, '8504', 'Gagal merubah data ke database'),
  supplier: () => new Refusal(503, '9991', 'Supplier sedang gangguan'),
  route: () => new Refusal(404, '7003', 'Produk tidak ditemukan'),
};

interface Partner {
  config: KlikooSandboxPartner;
  publicKey: KeyObject;
}

export interface KlikooSandbox extends PpobServer {
  ledger: PpobLedger;
}

function answer(
  status: number,
  service: string,
  caseCode: string,
  message: string,
  extra: Record<string, unknown> = {},
): WireOutcome {
  return {
    kind: 'json',
    status,
    body: { response_code: `${status}${service}${caseCode}`, response_message: message, ...extra },
  };
}

export async function startKlikooSandbox(
  partners: readonly KlikooSandboxPartner[],
  options: PpobSimOptions & { host: string; port: number },
): Promise<KlikooSandbox> {
  const paths = DEFAULT_KLIKOO_PATHS;
  const byClientId = new Map<string, Partner>(
    partners.map((p) => [p.clientId, { config: p, publicKey: loadPublicKey(p.publicKeyPem) }]),
  );
  const tokens = new TokenStore();
  const ledger = new PpobLedger('klikoo', options.openingDeposit);
  /** Faults that act once per reference (a 500 before anything was bought, an expired token). */
  const played = new Set<string>();
  let server: PpobServer | undefined;

  const viewOf = (p: SandboxPurchase): KlikooTransaction => ({
    transaction_id: p.transactionId,
    partner_reference_id: p.reference,
    product_code: p.productCode,
    value: p.customerNo,
    status: p.status,
    sn: p.sn ?? null,
    reason: p.reason ?? null,
    amount: klikooAmount(p.amount),
    ...(p.sellingPrice === undefined ? {} : { selling_price: klikooAmount(p.sellingPrice) }),
    created_at: p.createdAt.toISOString(),
  });

  const callback = (p: SandboxPurchase) => {
    const url = byClientId.get(p.partnerId)?.config.callbackUrl;
    if (url === undefined) return;
    const body = JSON.stringify({
      transaction_id: p.transactionId,
      partner_reference_id: p.reference,
      transaction_status: p.status,
      sn: p.sn ?? null,
      reason: p.reason ?? null,
    });
    options
      .callbackFetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(5000),
      })
      .then((r) => options.log(`callback ${p.transactionId} → ${r.status}`))
      .catch((error: unknown) =>
        options.log(`callback ${p.transactionId} failed: ${(error as Error).message}`),
      );
  };

  const lookup = (p: SandboxPurchase): boolean => {
    const seen = ledger.lookup(p, options.clock());
    if (seen.settled) callback(p);
    return seen.visible;
  };

  /** Open-Api-Timestamp and Open-Api-Signature, present, and the timestamp within five minutes. */
  function signedHeaders(req: IncomingMessage): { timestamp: string; signature: string } {
    const timestamp = header(req, KLIKOO_HEADERS.timestamp)?.trim();
    const signature = header(req, KLIKOO_HEADERS.signature)?.trim();
    if (!timestamp || !signature) throw refuse.missing();
    const sent = parseSnapTimestamp(timestamp);
    if (sent === undefined || Math.abs(sent.getTime() - options.clock().getTime()) > MAX_CLOCK_SKEW_MS)
      throw refuse.time();
    return { timestamp, signature };
  }

  function authenticate(req: IncomingMessage, raw: string, method: string, path: string): Partner {
    const { timestamp, signature } = signedHeaders(req);
    const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, 'Authorization') ?? '')?.[1];
    if (bearer === undefined) throw refuse.token();
    const token = tokens.check(bearer, options.clock());
    if (token.kind === 'expired') throw refuse.tokenExpired();
    if (token.kind !== 'valid') throw refuse.token();
    const partner = byClientId.get(token.clientKey);
    if (!partner) throw refuse.token();
    const valid = verifyTransaction({
      method,
      path,
      accessToken: bearer,
      clientSecret: partner.config.clientSecret,
      timestamp,
      rawBody: raw,
      signature,
    });
    if (!valid) throw refuse.signature();
    return partner;
  }

  function body<S extends z.ZodType>(schema: S, raw: string): z.infer<S> {
    let json: unknown;
    try {
      json = JSON.parse(raw === '' ? '{}' : raw);
    } catch {
      throw refuse.validation();
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const missing = parsed.error.issues.some((i) => i.code === 'invalid_type' && i.input === undefined);
    if (missing) throw refuse.missing();
    if (parsed.error.issues.some((i) => i.path[0] === 'partner_reference_id')) throw refuse.uuid();
    throw refuse.validation();
  }

  function token(req: IncomingMessage, raw: string): WireOutcome {
    const { timestamp, signature } = signedHeaders(req);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw refuse.validation();
    }
    if ((json as { grant_type?: unknown } | null)?.grant_type !== 'client_credentials')
      throw refuse.grantType();
    const request = body(KlikooTokenRequestSchema, raw);
    const partner = byClientId.get(request.additional_info.client_id);
    if (!partner || partner.config.clientSecret !== request.additional_info.client_secret)
      throw refuse.credentials();
    if (
      !verifyToken({ clientKey: partner.config.clientId, timestamp, publicKey: partner.publicKey, signature })
    ) {
      throw refuse.signature();
    }
    const issued = tokens.issue(partner.config.clientId, options.clock());
    return answer(200, SERVICE.auth, '2000', 'Sukses', {
      data: { access_token: issued.accessToken, token_type: 'Bearer', expires_in: Number(issued.expiresIn) },
    });
  }

  function products(raw: string): WireOutcome {
    const request = body(KlikooProductsRequestSchema, raw);
    const all = SANDBOX_PRODUCTS.filter(
      (p) => request.category === undefined || KLIKOO_CATEGORIES[p.category] === request.category,
    );
    const start = (request.page - 1) * request.limit;
    const page = all.slice(start, start + request.limit);
    const totalPage = Math.max(1, Math.ceil(all.length / request.limit));
    return answer(200, SERVICE.product, '2000', 'Sukses', {
      data: page.map((p) => ({
        product_code: p.codes.klikoo,
        product_name: p.name,
        category: KLIKOO_CATEGORIES[p.category],
        ...(p.operator === undefined ? {} : { brand: p.operator === 'tri' ? 'Tri' : p.operator }),
        price: klikooAmount(p.price),
        status: p.active ? 'active' : 'inactive',
      })),
      pagination: {
        total_page: totalPage,
        total_data: all.length,
        current_page: request.page,
        prev_page: request.page > 1 ? request.page - 1 : null,
        next_page: request.page < totalPage ? request.page + 1 : null,
      },
    });
  }

  function productFor(code: string, customerNo: string, postpaid: boolean) {
    const product = sandboxProduct('klikoo', code);
    if (!product) throw refuse.product();
    if (!product.active || POSTPAID_CATEGORIES.has(product.category) !== postpaid)
      throw refuse.productMismatch();
    try {
      checkCustomerNumber({ code, category: product.category, operator: product.operator }, customerNo);
    } catch (error) {
      if (error instanceof KasirError) throw refuse.wrongNumber();
      throw error;
    }
    return product;
  }

  function inquiryPrepaid(raw: string): WireOutcome {
    const request = body(KlikooPrepaidInquiryRequestSchema, raw);
    const product = productFor(request.product_code, request.value, false);
    const name = nameOf(product, request.value);
    if (name === undefined) throw refuse.customer();
    return answer(200, SERVICE.product, '2000', 'Sukses', {
      data: {
        product_code: request.product_code,
        value: request.value,
        customer_name: name,
        ...(product.category === 'pln-prepaid' ? { segment_power: 'R1/1300VA' } : {}),
      },
    });
  }

  function billFor(code: string, customerNo: string, period: string | undefined) {
    const product = productFor(code, customerNo, true);
    const bill = billOf(product, customerNo, period);
    if (!bill) throw refuse.customer();
    const fault = faultOf(customerNo);
    if (fault === 'billAlreadyPaid' || ledger.billPaid(customerNo, bill.period)) throw refuse.billPaid();
    if (fault === 'billExpired') throw refuse.billExpired();
    return { product, bill };
  }

  function inquiryPostpaid(raw: string): WireOutcome {
    const request = body(KlikooPostpaidInquiryRequestSchema, raw);
    const { product, bill } = billFor(request.product_code, request.account_number, request.period);
    return answer(200, SERVICE.transaction, '2000', 'Sukses', {
      data: {
        account_number: bill.customerNo,
        product_code: request.product_code,
        customer_name: bill.name,
        period: bill.period,
        amount: klikooAmount(bill.amount),
        admin_fee: klikooAmount(product.price),
        total_amount: klikooAmount(bill.amount + product.price),
        inquiry_id: `KINQ-${bill.customerNo}-${bill.period}`,
      },
    });
  }

  function buy(partner: Partner, raw: string): WireOutcome {
    const request = body(KlikooBuyRequestSchema, raw);
    const partnerId = partner.config.clientId;
    if (ledger.findByReference(partnerId, request.partner_reference_id)) throw refuse.duplicate();
    const catalogued = sandboxProduct('klikoo', request.product_code);
    if (!catalogued) throw refuse.product();
    const postpaid = POSTPAID_CATEGORIES.has(catalogued.category);
    const { product, bill } = postpaid
      ? billFor(request.product_code, request.value, undefined)
      : { product: productFor(request.product_code, request.value, false), bill: undefined };
    const forced = options.forcedCode?.(request.value);
    if (forced !== undefined) {
      const status = Number(forced.slice(0, 3));
      return answer(status, forced.slice(3, 5), forced.slice(5), `forced ${forced}`, { data: null });
    }
    const expected = bill === undefined ? product.price : bill.amount + product.price;
    if (BigInt(request.amount) * 100n !== expected) throw refuse.validation();
    const fault = faultOf(request.value);
    const once = (name: string) => {
      const key = `${name}\u0000${request.partner_reference_id}`;
      if (played.has(key)) return false;
      played.add(key);
      return true;
    };
    if (fault === 'insufficientDeposit') throw refuse.deposit();
    if (fault === 'notChargedThenHttp500' && once('500')) throw refuse.database();
    if (fault === 'tokenExpired' && once('token')) {
      tokens.expirePartner(partnerId, options.clock());
      throw refuse.tokenExpired();
    }
    const now = options.clock();
    const base = {
      provider: 'klikoo' as const,
      partnerId,
      reference: request.partner_reference_id,
      productCode: request.product_code,
      customerNo: request.value,
      amount: expected,
      sellingPrice: BigInt(request.selling_price) * 100n,
      ...(bill === undefined ? {} : { period: bill.period }),
      ...(fault === undefined ? {} : { fault }),
      waitingLookupsLeft: 0,
      ...(fault === 'duplicateReference' ? { hiddenUntil: new Date(now.getTime() + options.hiddenMs) } : {}),
    };
    if (fault === 'billerClosed' || fault === 'failed') {
      const failed = ledger.create(
        {
          ...base,
          status: 'FAILED',
          reason: fault === 'failed' ? 'Nomor tujuan tidak aktif' : 'Supplier sedang gangguan',
        },
        now,
      );
      if (fault === 'billerClosed') throw refuse.supplier();
      return answer(201, SERVICE.transaction, '2001', 'Berhasil dibuat', {
        data: { transaction_id: failed?.transactionId, status: 'FAILED', sn: null },
      });
    }
    const waiting = fault === 'waitingThenSuccess' || fault === 'waitingThenFailed';
    const name = bill?.name ?? nameOf(product, request.value);
    const created = ledger.create(
      {
        ...base,
        status: waiting ? 'WAITING' : 'SUCCESS',
        waitingLookupsLeft: waiting ? options.waitingLookups : 0,
        waitingOutcome: fault === 'waitingThenFailed' ? 'FAILED' : 'SUCCESS',
      },
      now,
    );
    if (!created) throw refuse.deposit();
    const sn = serialNumberFor(product.category, created.transactionId, { name, kwh: product.kwh });
    if (waiting) {
      created.pendingSn = sn;
      server?.defer(options.waitingMs, () => {
        if (ledger.settle(created, options.clock())) callback(created);
      });
    } else {
      created.sn = sn;
    }
    const success = answer(201, SERVICE.transaction, '2001', 'Berhasil dibuat', {
      data: { transaction_id: created.transactionId, status: created.status, sn: created.sn ?? null },
    });
    switch (fault) {
      case 'successThenHttp500':
        throw refuse.database();
      case 'successThenDrop':
      case 'duplicateReference':
        return { kind: 'drop' };
      case 'successThenMalformed':
        return cutOff((success as { body: unknown }).body, 201);
      case 'successLate':
        return { ...(success as Extract<WireOutcome, { kind: 'json' }>), delayMs: options.lateAnswerMs };
      default:
        return success;
    }
  }

  function detail(partner: Partner, transactionId: string): WireOutcome {
    const found = ledger.findByTransactionId(partner.config.clientId, transactionId);
    if (!found || !lookup(found)) throw refuse.transaction();
    return answer(200, SERVICE.transaction, '2000', 'Sukses', { data: viewOf(found) });
  }

  function history(partner: Partner, query: URLSearchParams): WireOutcome {
    const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? '10') || 10));
    const q = query.get('q') ?? '';
    const from = query.get('from');
    const to = query.get('to');
    const day = (p: SandboxPurchase) =>
      new Date(p.createdAt.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const matching = ledger
      .list(partner.config.clientId)
      .filter(
        (p) => q === '' || p.reference.includes(q) || p.transactionId.includes(q) || p.customerNo.includes(q),
      )
      .filter((p) => (from === null || day(p) >= from) && (to === null || day(p) <= to))
      .filter((p) => lookup(p));
    const totalPage = Math.max(1, Math.ceil(matching.length / limit));
    return answer(200, SERVICE.transaction, '2000', 'Sukses', {
      data: matching.slice((page - 1) * limit, page * limit).map(viewOf),
      // The history pages as `meta` (the price list as `pagination`): clients must read both.
      meta: {
        total_page: totalPage,
        total_data: matching.length,
        current_page: page,
        prev_page: page > 1 ? page - 1 : null,
        next_page: page < totalPage ? page + 1 : null,
      },
    });
  }

  async function handle(req: IncomingMessage): Promise<WireOutcome> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const [pathOnly = '/', search = ''] = path.split('?');
    if (pathOnly === PPOB_LEDGER_PATH && method === 'GET') {
      return { kind: 'json', status: 200, body: ppobLedgerJson(ledger.snapshot()) };
    }
    const read = await readBody(req);
    if (read.kind === 'aborted') return { kind: 'drop' };
    if (read.kind === 'tooLarge') return answer(413, '00', '6510', 'Validasi Error');
    const raw = read.raw;
    const service =
      pathOnly === paths.token
        ? SERVICE.auth
        : pathOnly === paths.balance
          ? SERVICE.account
          : pathOnly === paths.products || pathOnly === paths.inquiryPrepaid
            ? SERVICE.product
            : SERVICE.transaction;
    try {
      if (method === 'POST' && pathOnly === paths.token) return token(req, raw);
      const detailPrefix = paths.detail.slice(0, paths.detail.indexOf('{transaction_id}'));
      const route =
        method === 'POST' && pathOnly === paths.products
          ? 'products'
          : method === 'POST' && pathOnly === paths.inquiryPrepaid
            ? 'inquiryPrepaid'
            : method === 'POST' && pathOnly === paths.inquiryPostpaid
              ? 'inquiryPostpaid'
              : method === 'POST' && pathOnly === paths.buy
                ? 'buy'
                : method === 'GET' && pathOnly === paths.history
                  ? 'history'
                  : method === 'GET' && pathOnly === paths.balance
                    ? 'balance'
                    : method === 'GET' &&
                        pathOnly.startsWith(detailPrefix) &&
                        pathOnly.length > detailPrefix.length
                      ? 'detail'
                      : undefined;
      if (route === undefined) return answer(404, '00', '7003', 'Produk tidak ditemukan');
      const partner = authenticate(req, raw, method, path);
      switch (route) {
        case 'products':
          return products(raw);
        case 'inquiryPrepaid':
          return inquiryPrepaid(raw);
        case 'inquiryPostpaid':
          return inquiryPostpaid(raw);
        case 'buy':
          return buy(partner, raw);
        case 'history':
          return history(partner, new URLSearchParams(search));
        case 'balance':
          return answer(200, SERVICE.account, '2000', 'Sukses', {
            data: { balance: klikooAmount(ledger.balance(partner.config.clientId)) },
          });
        case 'detail':
          return detail(partner, decodeURIComponent(pathOnly.slice(detailPrefix.length)));
      }
    } catch (error) {
      if (error instanceof Refusal) {
        return answer(error.status, service, error.caseCode, error.responseMessage, { data: null });
      }
      throw error;
    }
  }

  server = await servePpob(options.host, options.port, handle, (line) => options.log(`klikoo ${line}`));
  return { ...server, ledger };
}
