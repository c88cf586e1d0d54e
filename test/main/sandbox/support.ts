// Shared set-up for the sandbox's integration tests: one demo partner and provider key pair per
// test file (RSA generation is the slow part), a fresh sandbox per test, the real QR CPM client, and
// a raw signed caller for requests the client would refuse to send.

import type { DemoPartner, RsaKeyPair } from '../../../main/sandbox/partners';
import { createDemoPartner, generateRsaKeyPair } from '../../../main/sandbox/partners';
import type { SandboxHandle, SandboxOptions } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { createQrCpmClient, type QrCpmClient } from '../../../main/snap/client';
import { formatSnapTimestamp } from '../../../main/snap/headers';
import { BodyNotJsonError } from '../../../main/snap/minify';
import { signToken, signTransaction } from '../../../main/snap/signature';

let keys: Promise<{ demo: DemoPartner; provider: RsaKeyPair }> | undefined;

export function sharedKeys(): Promise<{ demo: DemoPartner; provider: RsaKeyPair }> {
  keys ??= Promise.all([createDemoPartner(), generateRsaKeyPair()]).then(([demo, provider]) => ({
    demo,
    provider,
  }));
  return keys;
}

let externalCounter = 0;
/** Numeric, unique within the test run (the sandbox only cares about per-day uniqueness). */
export function nextExternalId(): string {
  externalCounter += 1;
  return `${Date.now()}${String(externalCounter).padStart(6, '0')}`;
}

export interface RawAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
  contentType: string | null;
}

export interface TestRig {
  sandbox: SandboxHandle;
  demo: DemoPartner;
  client: QrCpmClient;
  clock: () => Date;
  raw: RawCaller;
  close(): Promise<void>;
}

export interface RigOptions extends Omit<SandboxOptions, 'partners' | 'providerKeyPair'> {
  notifyUrl?: string;
  clientTimeoutMs?: number;
}

export async function startRig(options: RigOptions = {}): Promise<TestRig> {
  const { demo: shared, provider } = await sharedKeys();
  const demo: DemoPartner = {
    ...shared,
    partner: {
      ...shared.partner,
      ...(options.notifyUrl === undefined ? {} : { notifyUrl: options.notifyUrl }),
    },
  };
  const { notifyUrl: _notifyUrl, clientTimeoutMs, ...sandboxOptions } = options;
  const sandbox = await startSandbox({
    ...sandboxOptions,
    partners: [demo.partner],
    providerKeyPair: provider,
  });
  const clock = options.clock ?? (() => new Date());
  const client = createQrCpmClient(
    {
      baseUrl: sandbox.baseUrl,
      pathPrefix: sandbox.pathPrefix,
      clientKey: demo.partner.clientKey,
      clientSecret: demo.partner.clientSecret,
      privateKey: demo.privateKeyPem,
      partnerId: demo.partner.clientKey,
      channelId: demo.partner.channelId ?? '95221',
      timeoutMs: clientTimeoutMs ?? 5_000,
    },
    { fetch: globalThis.fetch, clock, externalIds: { next: () => nextExternalId() } },
  );
  const raw = new RawCaller(sandbox, demo, clock);
  return { sandbox, demo, client, clock, raw, close: () => sandbox.close() };
}

export interface RawRequest {
  /** Path after the base URL (and prefix), e.g. "/v1.0/qr/qr-cpm-payment". */
  path: string;
  body?: unknown;
  /** The exact body text to send (wins over `body`). */
  rawBody?: string;
  method?: string;
  /** Header overrides applied after signing; undefined removes a header. */
  headers?: Record<string, string | undefined>;
  /** The path put in the string to sign, when a test wants it to differ from the one sent. */
  signedPath?: string;
  accessToken?: string;
}

/** Signs like a correct partner, then lets a test break exactly one thing. */
export class RawCaller {
  private token: string | undefined;

  constructor(
    private readonly sandbox: SandboxHandle,
    private readonly demo: DemoPartner,
    private readonly clock: () => Date,
  ) {}

  url(path: string): string {
    return `${this.sandbox.baseUrl}${this.sandbox.pathPrefix}${path}`;
  }

  timestamp(): string {
    return formatSnapTimestamp(this.clock());
  }

  async tokenCall(
    overrides: { headers?: Record<string, string | undefined>; rawBody?: string } = {},
  ): Promise<RawAnswer> {
    const timestamp = this.timestamp();
    const { signature } = signToken({
      clientKey: this.demo.partner.clientKey,
      timestamp,
      privateKey: this.demo.privateKeyPem,
    });
    return this.send(
      'POST',
      this.url('/v1.0/access-token/b2b'),
      overrides.rawBody ?? '{"grantType":"client_credentials"}',
      {
        'Content-Type': 'application/json',
        'X-TIMESTAMP': timestamp,
        'X-CLIENT-KEY': this.demo.partner.clientKey,
        'X-SIGNATURE': signature,
        ...overrides.headers,
      },
    );
  }

  async accessToken(): Promise<string> {
    if (this.token === undefined) {
      const answer = await this.tokenCall();
      const token = answer.json?.accessToken;
      if (typeof token !== 'string') throw new Error(`No token: ${answer.text}`);
      this.token = token;
    }
    return this.token;
  }

  async call(request: RawRequest): Promise<RawAnswer> {
    const accessToken = request.accessToken ?? (await this.accessToken());
    const rawBody = request.rawBody ?? JSON.stringify(request.body ?? {});
    const timestamp = this.timestamp();
    const sentPath = `${this.sandbox.pathPrefix}${request.path}`;
    const signature = signOrPlaceholder({
      method: request.method ?? 'POST',
      path: request.signedPath ?? sentPath,
      accessToken,
      clientSecret: this.demo.partner.clientSecret,
      timestamp,
      rawBody,
    });
    return this.send(request.method ?? 'POST', this.url(request.path), rawBody, {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${accessToken}`,
      'X-TIMESTAMP': timestamp,
      'X-SIGNATURE': signature,
      'X-PARTNER-ID': this.demo.partner.clientKey,
      'X-EXTERNAL-ID': nextExternalId(),
      'CHANNEL-ID': this.demo.partner.channelId ?? '95221',
      ...request.headers,
    });
  }

  async send(
    method: string,
    url: string,
    body: string | undefined,
    headers: Record<string, string | undefined>,
  ): Promise<RawAnswer> {
    const clean: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) clean[name] = value;
    const response = await fetch(url, {
      method,
      headers: clean,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, contentType: response.headers.get('content-type') };
  }
}

/** A body that is not JSON cannot be signed (minify needs JSON); the sandbox must refuse it first anyway. */
function signOrPlaceholder(input: Parameters<typeof signTransaction>[0]): string {
  try {
    return signTransaction(input).signature;
  } catch (error) {
    if (error instanceof BodyNotJsonError) return 'AAAA';
    throw error;
  }
}

export const PAYMENT_PATH = '/v1.0/qr/qr-cpm-payment';
export const GENERATE_PATH = '/v1.0/qr/qr-cpm-generate';
export const QUERY_PATH = '/v1.0/qr/qr-cpm-query';
export const CANCEL_PATH = '/v1.0/qr/qr-cpm-cancel';
export const REFUND_PATH = '/v1.0/qr/qr-cpm-refund';

let referenceCounter = 0;
export function nextPartnerReference(): string {
  referenceCounter += 1;
  return `TRX${Date.now()}${String(referenceCounter).padStart(5, '0')}`;
}

/** A valid payment body for a fresh QR of the given customer. */
export function paymentBody(
  rig: TestRig,
  amount: string,
  overrides: Record<string, unknown> = {},
  customerId?: string,
): Record<string, unknown> {
  return {
    partnerReferenceNo: nextPartnerReference(),
    qrContent: rig.sandbox.issueQr(customerId).qrContent,
    amount: { value: amount, currency: 'IDR' },
    merchantId: rig.demo.partner.merchantId,
    expiryTime: '60',
    ...overrides,
  };
}
