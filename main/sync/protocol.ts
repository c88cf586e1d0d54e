// The wire between a terminal and the merchant server, shared by both sides. The terminal always
// calls out (a till behind a shop's NAT can't be called), with its own bearer credential:
//
//   POST /api/v1/terminal/enrol   one-time code → the terminal's credential
//   GET  /api/v1/terminal/sync    how far the server has each of this terminal's streams
//   POST /api/v1/terminal/sync    the next entries of one stream (idempotent by terminal, stream, seq)
//   GET  /api/v1/terminal/live    server-sent events: the provider's hints for this terminal's
//                                 references, after the cursor in Last-Event-ID
//   POST /api/v1/terminal/ack     the last hint the terminal applied
//
// A stream is any append-only sequence a terminal keeps with increasing integer ids: its journal's
// events ("journal"), its anomalies ("anomalies") and its PPOB purchases' events ("purchases").
// Each entry names the references it is about, which is how a hint that arrives later finds its
// terminal.

import { z } from 'zod';
import {
  PAYMENT_STATE_NAMES,
  PURCHASE_STATE_NAMES,
  REFUND_STATE_NAMES,
} from '../../preload/contract/payment-states';

export const TERMINAL_API = {
  enrol: '/api/v1/terminal/enrol',
  sync: '/api/v1/terminal/sync',
  live: '/api/v1/terminal/live',
  ack: '/api/v1/terminal/ack',
} as const;

/** The most entries one sync request carries; a terminal back from days offline sends many. */
export const MAX_SYNC_BATCH = 500;
/** The largest request body the terminal API reads. */
export const MAX_TERMINAL_BODY_BYTES = 4 * 1024 * 1024;

export const StreamNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a stream name');
const Ref = z.string().min(1).max(64);
const Seq = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Instant = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Cursor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const EnrolRequestSchema = z.strictObject({
  code: z.string().trim().min(4).max(64),
  terminal: z.strictObject({
    /** The terminal's own id (its profile's terminalId). */
    terminalId: z.string().min(1).max(32),
    merchantId: z.string().min(1).max(64),
    /** Journals play money (the embedded sandbox): shown as such on the server. */
    sandbox: z.boolean(),
  }),
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const EnrolAnswerSchema = z.object({
  /** The server's name for this terminal. */
  terminalKey: z.string().min(1).max(64),
  /** The terminal's credential: sent as `Authorization: Bearer` on every call, kept only in main. */
  token: z.string().min(32).max(128),
  shop: z.string(),
  label: z.string(),
});
export type EnrolAnswer = z.infer<typeof EnrolAnswerSchema>;

export const SyncEntrySchema = z.strictObject({
  seq: Seq,
  at: Instant,
  kind: z.string().min(1).max(64),
  refs: z.array(Ref).max(8),
  data: z.unknown(),
});
export type SyncEntry = z.infer<typeof SyncEntrySchema>;

export const SyncBatchSchema = z.strictObject({
  stream: StreamNameSchema,
  entries: z.array(SyncEntrySchema).min(1).max(MAX_SYNC_BATCH),
});
export type SyncBatch = z.infer<typeof SyncBatchSchema>;

export const SyncAnswerSchema = z.object({
  stream: StreamNameSchema,
  /** The highest seq of this stream the server now holds: the next batch starts after it. */
  cursor: Cursor,
  /** How many of the batch's entries were new (the rest were repeats, already held). */
  stored: z.number().int().nonnegative(),
});
export type SyncAnswer = z.infer<typeof SyncAnswerSchema>;

export const CursorsAnswerSchema = z.object({
  cursors: z.record(StreamNameSchema, Cursor),
  /** The last hint this terminal acknowledged. */
  live: Cursor,
});
export type CursorsAnswer = z.infer<typeof CursorsAnswerSchema>;

/** One provider hint, as the live stream sends it (the SSE event "hint", its id the cursor). */
export const LiveHintSchema = z.object({
  cursor: Seq,
  /** Where it came from: "snap-notify" (verified by the server) or "klikoo-callback" (unauthenticated). */
  source: z.string().min(1).max(32),
  status: z.string().max(32).nullable(),
  refs: z.array(Ref),
  body: z.unknown(),
  receivedAt: Instant,
});
export type LiveHint = z.infer<typeof LiveHintSchema>;

export const AckRequestSchema = z.strictObject({ cursor: Cursor });
export const AckAnswerSchema = z.object({ cursor: Cursor });

// ---------------------------------------------------------------------------------------------
// The "journal" stream's entries: one journal event, with the operation it belongs to as it stood
// when uploaded (so the server's ledger holds the latest state however many events it missed).

const MinorString = z.string().regex(/^\d{1,20}$/, 'minor units as digits');
const Text = z.string().max(512);

export const PaymentSnapshotSchema = z.object({
  partnerReferenceNo: z.string().min(1).max(64),
  referenceNo: Text.nullable(),
  terminalId: z.string().min(1).max(64),
  merchantId: z.string().min(1).max(64),
  amountMinor: MinorString,
  currency: z.string().min(1).max(8),
  state: z.enum(PAYMENT_STATE_NAMES),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  createdAt: Instant,
  updatedAt: Instant,
  reason: Text.nullable(),
  decidedBy: Text.nullable(),
  latestStatus: Text.nullable(),
  responseCode: Text.nullable(),
  walletLabel: Text.nullable(),
  walletLast4: Text.nullable(),
});
export type PaymentSnapshot = z.infer<typeof PaymentSnapshotSchema>;

export const RefundSnapshotSchema = z.object({
  partnerRefundNo: z.string().min(1).max(64),
  refundNo: Text.nullable(),
  amountMinor: MinorString,
  currency: z.string().min(1).max(8),
  state: z.enum(REFUND_STATE_NAMES),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  createdAt: Instant,
  updatedAt: Instant,
  requestedBy: Text.nullable(),
});
export type RefundSnapshot = z.infer<typeof RefundSnapshotSchema>;

export const JournalEntryDataSchema = z.object({
  event: z.looseObject({
    operation: z.string(),
    operationId: z.number().int(),
    fromState: z.string().nullable(),
    toState: z.string().nullable(),
    providerStatus: z.string().nullable(),
  }),
  payment: PaymentSnapshotSchema,
  refund: RefundSnapshotSchema.optional(),
});
export type JournalEntryData = z.infer<typeof JournalEntryDataSchema>;

export const JOURNAL_STREAM = 'journal';
export const ANOMALY_STREAM = 'anomalies';
/** PPOB purchases' own history (a cash purchase has no payment): one entry per purchase event. */
export const PURCHASE_STREAM = 'purchases';

export const PurchaseSnapshotSchema = z.object({
  partnerReferenceId: z.string().min(1).max(64),
  provider: z.string().min(1).max(16),
  productCode: z.string().min(1).max(64),
  productName: Text,
  category: z.string().min(1).max(32),
  /** Masked (maskCustomerNo). */
  customerNo: z.string().max(64),
  buyPriceMinor: MinorString,
  sellingPriceMinor: MinorString,
  state: z.enum(PURCHASE_STATE_NAMES),
  transactionId: Text.nullable(),
  sn: Text.nullable(),
  // The next four were added after the first terminals synced purchases: absent is null.
  reason: Text.nullable().default(null),
  responseCode: Text.nullable().default(null),
  decidedBy: Text.nullable().default(null),
  terminalId: z.string().min(1).max(64),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  createdAt: Instant,
  updatedAt: Instant,
  /** The QRIS payment that paid for it, when the sale was paid by QR; null for a cash sale. */
  partnerReferenceNo: z.string().min(1).max(64).nullable(),
  /** The refund of that payment, once one is journaled for a purchase that failed. */
  refund: z
    .object({
      partnerRefundNo: z.string().min(1).max(64),
      state: z.enum(REFUND_STATE_NAMES),
      amountMinor: MinorString,
    })
    .nullable()
    .default(null),
});
export type PurchaseSnapshot = z.infer<typeof PurchaseSnapshotSchema>;

/** A "purchases" entry: the event, with its purchase as it stood when uploaded. */
export const PurchaseEntryDataSchema = z.object({
  event: z.object({
    purchaseId: z.number().int(),
    kind: z.string().min(1).max(32),
    fromState: z.string().max(32).nullable(),
    toState: z.string().max(32).nullable(),
    providerStatus: z.string().max(32).nullable(),
    // Absent (null) in what the first terminals synced, like the snapshot's later fields.
    requestId: Text.nullable().default(null),
    httpStatus: z.number().int().nullable().default(null),
    responseCode: Text.nullable().default(null),
    /** What the journal kept (redacted there), with the customer number masked. */
    detail: z.unknown().optional(),
  }),
  purchase: PurchaseSnapshotSchema,
});
export type PurchaseEntryData = z.infer<typeof PurchaseEntryDataSchema>;
