// Talking to a merchant server the way a provider and a bare terminal do: a notify signed with the
// provider's key, an enrolment by HTTP. Shared by the server's tests, its e2e test and the bench.

import { formatSnapTimestamp } from '../../main/snap/headers';
import { signService } from '../../main/snap/signature';
import type {
  PaymentSnapshot,
  PurchaseEntryData,
  PurchaseSnapshot,
  SyncEntry,
} from '../../main/sync/protocol';
import { TERMINAL_API } from '../../main/sync/protocol';

/** POSTs `rawBody` to the notify URL signed as the provider signs (a forged signature with `forge`). */
export async function postSignedNotify(
  notifyUrl: string,
  rawBody: string,
  privateKeyPem: string,
  options: { forge?: boolean } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const path = new URL(notifyUrl).pathname;
  const timestamp = formatSnapTimestamp(new Date());
  const { signature } = signService({ method: 'POST', path, timestamp, rawBody, privateKey: privateKeyPem });
  const response = await fetch(notifyUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': timestamp,
      'X-SIGNATURE': options.forge ? `AAAA${signature.slice(4)}` : signature,
    },
    body: rawBody,
  });
  return {
    status: response.status,
    json: (await response.json().catch(() => ({}))) as Record<string, unknown>,
  };
}

/** Enrols a terminal with a one-time code over plain HTTP; its bearer credential. */
export async function enrolByHttp(
  baseUrl: string,
  code: string,
  terminalId: string,
  merchantId = 'M1',
): Promise<string> {
  const response = await fetch(`${baseUrl}${TERMINAL_API.enrol}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, terminal: { terminalId, merchantId, sandbox: true } }),
  });
  if (response.status !== 200) throw new Error(`enrolment refused: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export interface SaleEntry {
  seq: number;
  reference: string;
  terminalId: string;
  amountMinor: string;
  state: PaymentSnapshot['state'];
  businessDate: string;
  at: number;
  /** A refund of this sale, in minor units, that went through. */
  refundMinor?: string;
}

/** A "journal" stream entry as a terminal uploads it: one event, with its payment as it stands. */
export function saleEntry(sale: SaleEntry): SyncEntry {
  return {
    seq: sale.seq,
    at: sale.at,
    kind: 'state',
    refs: [sale.reference],
    data: {
      event: {
        operation: sale.refundMinor ? 'refund' : 'payment',
        operationId: sale.seq,
        fromState: null,
        toState: sale.state,
        providerStatus: null,
      },
      payment: {
        partnerReferenceNo: sale.reference,
        referenceNo: `P${sale.reference}`,
        terminalId: sale.terminalId,
        merchantId: 'M1',
        amountMinor: sale.amountMinor,
        currency: 'IDR',
        state: sale.state,
        businessDate: sale.businessDate,
        createdAt: sale.at,
        updatedAt: sale.at,
        reason: null,
        decidedBy: null,
        latestStatus: null,
        responseCode: null,
        walletLabel: 'GoPay',
        walletLast4: '0012',
      },
      ...(sale.refundMinor
        ? {
            refund: {
              partnerRefundNo: `R${sale.reference}`,
              refundNo: null,
              amountMinor: sale.refundMinor,
              currency: 'IDR',
              state: 'REFUNDED',
              businessDate: sale.businessDate,
              createdAt: sale.at,
              updatedAt: sale.at,
              requestedBy: 'spv',
            },
          }
        : {}),
    },
  };
}

export interface PurchaseEntry {
  seq: number;
  at: number;
  kind: string;
  toState: PurchaseSnapshot['state'];
  providerStatus?: string;
  /** The purchase as it stands after the event (the terminal's snapshot; customerNo masked). */
  purchase: Omit<
    PurchaseSnapshot,
    'state' | 'createdAt' | 'updatedAt' | 'reason' | 'responseCode' | 'decidedBy' | 'sn' | 'transactionId'
  > &
    Partial<Pick<PurchaseSnapshot, 'sn' | 'transactionId' | 'createdAt'>>;
}

/** A "purchases" stream entry as a terminal uploads it: one purchase event, with its purchase. */
export function purchaseEntry(entry: PurchaseEntry): SyncEntry {
  const purchase: PurchaseSnapshot = {
    reason: null,
    responseCode: null,
    decidedBy: null,
    sn: null,
    transactionId: null,
    createdAt: entry.at,
    ...entry.purchase,
    state: entry.toState,
    updatedAt: entry.at,
  };
  const data: PurchaseEntryData = {
    event: {
      purchaseId: entry.seq,
      kind: entry.kind,
      fromState: null,
      toState: entry.toState,
      providerStatus: entry.providerStatus ?? null,
      requestId: null,
      httpStatus: null,
      responseCode: null,
      detail: null,
    },
    purchase,
  };
  const refs = [purchase.partnerReferenceId, purchase.transactionId, purchase.partnerReferenceNo].filter(
    (ref): ref is string => ref !== null,
  );
  return { seq: entry.seq, at: entry.at, kind: entry.kind, refs, data };
}

/** Uploads entries of one stream with a terminal's credential; the server's answer. */
export async function uploadEntries(
  baseUrl: string,
  token: string,
  stream: string,
  entries: SyncEntry[],
): Promise<{ status: number; cursor: number | undefined }> {
  const response = await fetch(`${baseUrl}${TERMINAL_API.sync}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ stream, entries }),
  });
  const body = (await response.json().catch(() => ({}))) as { cursor?: number };
  return { status: response.status, cursor: body.cursor };
}
