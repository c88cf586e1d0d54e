// The headless cashier's commands that may reach the provider: `kasir pay|cancel|refund|decide|recover`.
// Input is checked completely (flags, QR, amount, profile, keys, data directory) before the journal
// is even opened, so bad input exits 2 with one line and leaves the journal untouched.
// Exit codes: 0 ok / paid, 1 a definite negative outcome, 2 bad input or refused, 3 still unresolved.

import { readScannedQr } from '../cpm/scanned-qr';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import { type Minor, parseSnapAmount } from '../money/amount';
import type { Journal, PaymentRecord } from '../payments/journal';
import type { Outcome, PaymentResult } from '../payments/payment-engine';
import { clockSkewError, isClockSkewAnswer } from '../snap/clock-skew';
import type { CliIo, Command } from './framework';
import { printJson, requireFlag, UsageError } from './framework';
import type { Values } from './terminal-access';
import { COMMON_USAGE, withTerminal } from './terminal-access';
import type { TimeZone } from './views';
import { neverSent, paymentLine, purchaseLine, refundJson, settlementOf } from './views';

export function amountFlag(values: Values, name: string): Minor {
  const raw = requireFlag(values, name);
  let amount: Minor;
  try {
    amount = parseSnapAmount(raw);
  } catch {
    throw new UsageError(
      `--${name} must be Rupiah with exactly two decimals, e.g. 10000.00: use a dot for decimals, no thousands separator (got ${JSON.stringify(raw)})`,
    );
  }
  if (amount === 0n) throw new UsageError(`--${name} must be more than 0.00`);
  return amount;
}

export function optionalText(values: Values, name: string, max: number): string | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > max) {
    throw new UsageError(`--${name} must be 1 to ${max} characters`);
  }
  return raw;
}

/**
 * --qr gets the checks a scan gets at the counter (a merchant QRIS, a web address, Caps Lock, a
 * keyboard layout, a cut-short read…): a KasirError naming the cause, before anything is journaled.
 * Whitespace around it (the newline of a pasted line) is not part of the QR.
 */
export function qrFlag(values: Values) {
  // Read, and sent, as the counter reads it (padding and all), so a QR paid from the CLI is the
  // same QR the app's duplicate check knows.
  return readScannedQr(requireFlag(values, 'qr').trim());
}

function exitFor(outcome: Outcome): number {
  return outcome === 'paid' ? 0 : outcome === 'not_paid' ? 1 : 3;
}

/** A payment as pay, cancel and recover print it: with the answer that settled it. */
function lineOf(journal: Journal, payment: PaymentRecord) {
  return paymentLine(payment, settlementOf(payment, journal.events(payment.id)));
}

function say(io: CliIo, message: LocalizedText): void {
  io.stderr(`kasir: ${message.en}`);
}

/**
 * What the cashier is told after a payment that was not paid. An attempt that never left this
 * machine (the provider could not be reached for a token) used nothing: the customer's QR is as
 * good as before, so "ask for a new QR" would be wrong.
 */
function notPaidMessage(
  journal: Journal,
  payment: PaymentRecord,
  stateMessage: LocalizedText,
): LocalizedText {
  const events = journal.events(payment.id);
  if (
    payment.responseCode !== null &&
    payment.responseMessage !== null &&
    isClockSkewAnswer(payment.responseCode, payment.responseMessage)
  ) {
    const clock = clockSkewError(undefined).messages;
    return { id: `${stateMessage.id} ${clock.id}`, en: `${stateMessage.en} ${clock.en}` };
  }
  if (!neverSent(payment)) return stateMessage;
  const unreachable = events.some(
    (e) =>
      e.kind === 'answer' &&
      typeof e.detail === 'object' &&
      e.detail !== null &&
      ['SNAP_TOKEN_UNREACHABLE', 'SNAP_TOKEN_TIMEOUT'].includes(
        String((e.detail as { code?: unknown }).code),
      ),
  );
  const why = payment.responseMessage ?? 'the request could not be prepared';
  return unreachable
    ? {
        id: `Penyedia tidak dapat dihubungi (${why}). Tidak ada yang terkirim: pelanggan tidak ditagih dan QR-nya belum terpakai. Periksa koneksi dan baseUrl profil, lalu bayar lagi.`,
        en: `The provider cannot be reached (${why}). Nothing was sent: the customer was not charged and their QR was not used. Check the connection and the profile's baseUrl, then pay again.`,
      }
    : {
        id: `Tidak ada yang terkirim ke penyedia (${why}): pelanggan tidak ditagih dan QR-nya belum terpakai.`,
        en: `Nothing was sent to the provider (${why}): the customer was not charged and their QR was not used.`,
      };
}

function describeFailure(error: unknown): string {
  if (error instanceof KasirError) return `${error.code}: ${error.messages.en}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a command whose requests may reach the provider. A refusal (KasirError, UsageError) happens
 * before anything is sent and keeps its exit 2; any other failure (the journal's disk, a bug) may
 * have struck after a request left, so its outcome is not known: exit 3, never 1 ("definitely not").
 */
export async function mayReachProvider(
  io: CliIo,
  command: string,
  run: () => Promise<number>,
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof KasirError || error instanceof UsageError) throw error;
    io.stderr(`kasir ${command}: ${describeFailure(error)}`);
    io.stderr(
      'kasir: the outcome is not known; run `kasir recover`, then `kasir status`, once this is fixed.',
    );
    return 3;
  }
}

/**
 * The payment was journaled, so its request may have left, and then something failed: what counts is
 * what the journal holds, not the error. Exit 3 unless the journal already has a final state.
 */
function afterJournaledFailure(
  io: CliIo,
  journal: Journal,
  reference: string,
  error: unknown,
  read: () => PaymentResult,
): number {
  io.stderr(`kasir pay: ${describeFailure(error)}`);
  try {
    const { payment, outcome } = read();
    printJson(io, lineOf(journal, payment));
    if (outcome !== 'unresolved') return exitFor(outcome);
  } catch {
    printJson(io, { partnerReferenceNo: reference, state: null });
  }
  io.stderr(`kasir: the outcome of ${reference} is not known yet; run \`kasir recover\` once this is fixed.`);
  return 3;
}

// ---------------------------------------------------------------------------------------------

const LINE_KEYS =
  '{"partnerReferenceNo","referenceNo","state","settledBy","responseCode","responseMessage","latestTransactionStatus"}';

const payCommand: Command = {
  path: ['pay'],
  summary: 'take a QRIS CPM payment and wait for its outcome',
  usage: [
    `Usage: kasir pay ${COMMON_USAGE} --qr QR --amount 10000.00 [--title TEXT]`,
    '',
    'Checks the QR as a scan is checked, resolves anything an earlier run left unfinished, then',
    'journals the payment, sends it, and resolves an unknown outcome by query (and cancel at its',
    `deadline). Prints one JSON object ${LINE_KEYS}:`,
    'the answer that settled it (settledBy payment, query, notify, cancel, supervisor or not-sent).',
    'Exit 0 PAID, 1 not paid, 3 still unresolved (run `kasir recover` later), 2 bad input.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { qr: { type: 'string' }, amount: { type: 'string' }, title: { type: 'string' } },
      (values) => ({
        ...qrFlag(values),
        amount: amountFlag(values, 'amount'),
        title: optionalText(values, 'title', 256),
      }),
      ({ engine, journal }, input) =>
        mayReachProvider(io, 'pay', async () => {
          // Recovery (docs/architecture.md): every unfinished operation (refunds too) is resolved before a new payment.
          const leftover = engine.unresolved().length + engine.unresolvedRefunds().length;
          if (leftover > 0) {
            io.stderr(`kasir: resolving ${leftover} unfinished payment(s) or refund(s) first`);
            await engine.recover();
          }
          let journaled: string | undefined;
          const stop = engine.subscribe((event) => {
            if (event.operation === 'payment' && event.previous === null)
              journaled ??= event.partnerReferenceNo;
          });
          let result: PaymentResult;
          try {
            result = await engine.pay(input);
          } catch (error) {
            const reference = journaled;
            // Not journaled: refused before anything was sent.
            if (reference === undefined) throw error;
            return afterJournaledFailure(io, journal, reference, error, () => engine.status(reference));
          } finally {
            stop();
          }
          printJson(io, lineOf(journal, result.payment));
          if (result.outcome !== 'paid') say(io, notPaidMessage(journal, result.payment, result.message));
          return exitFor(result.outcome);
        }),
      // A payment needs no purchase engine: a leftover purchase's payment resolved here is taken up
      // by the next `kasir recover` or app start, as after any crash.
      { payments: 'only' },
    ),
};

const cancelCommand: Command = {
  path: ['cancel'],
  summary: 'reverse an unresolved or same-day payment (cancel, service 62)',
  usage: [
    `Usage: kasir cancel ${COMMON_USAGE} --ref REF [--reason TEXT] [--by SUPERVISOR]`,
    '',
    `Journals the cancel, sends it, and queries to learn what the payment became. Prints ${LINE_KEYS}.`,
    'Exit 0 when the payment ends not paid (cancelled), 1 when it stands (paid), 3 unresolved.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { ref: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } },
      (values) => ({
        ref: requireFlag(values, 'ref'),
        reason: optionalText(values, 'reason', 256),
        by: optionalText(values, 'by', 64),
      }),
      ({ engine, journal }, input) =>
        mayReachProvider(io, 'cancel', async () => {
          const result = await engine.cancel(input.ref, {
            ...(input.reason === undefined ? {} : { reason: input.reason }),
            ...(input.by === undefined ? {} : { requestedBy: input.by }),
          });
          printJson(io, lineOf(journal, result.payment));
          return result.outcome === 'not_paid' ? 0 : result.outcome === 'paid' ? 1 : 3;
        }),
    ),
};

const decideCommand: Command = {
  path: ['decide'],
  summary: "a supervisor's manual decision on a payment or refund the provider never settled",
  usage: [
    `Usage: kasir decide ${COMMON_USAGE} --ref REF --outcome paid|not-paid --reason TEXT --by SUPERVISOR`,
    `       kasir decide ${COMMON_USAGE} --refund PARTNER_REFUND_NO --outcome refunded|not-refunded --reason TEXT --by SUPERVISOR`,
    '',
    'The last resort for a payment (or refund) still unresolved after recheck and cancel: records',
    'MANUAL_PAID / MANUAL_NOT_PAID (MANUAL_REFUNDED / MANUAL_NOT_REFUNDED) with who decided and why,',
    "audited in the journal and never confused with the provider's word. It asks the provider once",
    'more first (a query; for a refund, the same refund re-sent): when that settles it, nothing is',
    "decided. A decision against the provider's latest definite status is refused.",
    'Exit 0 when decided paid (refunded), 1 when decided not paid (not refunded).',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {
        ref: { type: 'string' },
        refund: { type: 'string' },
        outcome: { type: 'string' },
        reason: { type: 'string' },
        by: { type: 'string' },
      },
      (values) => {
        const outcome = requireFlag(values, 'outcome');
        const refund = optionalText(values, 'refund', 64);
        const allowed = refund === undefined ? ['paid', 'not-paid'] : ['refunded', 'not-refunded'];
        if (!allowed.includes(outcome)) {
          throw new UsageError(`--outcome must be "${allowed[0]}" or "${allowed[1]}"`);
        }
        const reason = optionalText(values, 'reason', 256);
        const by = optionalText(values, 'by', 64);
        if (reason === undefined) throw new UsageError('Missing required flag --reason');
        if (by === undefined) throw new UsageError('Missing required flag --by');
        if (refund !== undefined) {
          if (values.ref !== undefined) throw new UsageError('Give --ref or --refund, not both');
          return { kind: 'refund', refund, outcome, reason, by } as const;
        }
        return { kind: 'payment', ref: requireFlag(values, 'ref'), outcome, reason, by } as const;
      },
      async ({ engine, journal }, input) => {
        if (input.kind === 'refund') {
          const result = await engine.decideRefundManually(input.refund, {
            outcome: input.outcome === 'refunded' ? 'refunded' : 'not_refunded',
            reason: input.reason,
            supervisor: input.by,
          });
          printJson(io, {
            ...lineOf(journal, result.payment),
            refund: { partnerRefundNo: result.refund.partnerRefundNo, state: result.refund.state },
          });
          return result.refund.state === 'MANUAL_REFUNDED' ? 0 : 1;
        }
        const result = await engine.decideManually(input.ref, {
          outcome: input.outcome === 'paid' ? 'paid' : 'not_paid',
          reason: input.reason,
          supervisor: input.by,
        });
        printJson(io, {
          ...lineOf(journal, result.payment),
          reason: result.payment.reason,
          decidedBy: result.payment.decidedBy,
        });
        return result.payment.state === 'MANUAL_PAID' ? 0 : 1;
      },
    ),
};

const refundCommand: Command = {
  path: ['refund'],
  summary: 'refund part or all of a paid payment (service 80)',
  usage: [
    `Usage: kasir refund ${COMMON_USAGE} --ref REF --amount 5000.00 [--reason TEXT] [--by SUPERVISOR]`,
    '',
    'Never more than the paid amount minus earlier refunds. Prints the refund as JSON.',
    'Exit 0 REFUNDED, 1 REFUND_FAILED, 3 unresolved, 2 bad input or over the remaining amount.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {
        ref: { type: 'string' },
        amount: { type: 'string' },
        reason: { type: 'string' },
        by: { type: 'string' },
      },
      (values) => ({
        ref: requireFlag(values, 'ref'),
        amount: amountFlag(values, 'amount'),
        reason: optionalText(values, 'reason', 256),
        by: optionalText(values, 'by', 64),
      }),
      ({ engine, profile }, input) =>
        mayReachProvider(io, 'refund', async () => {
          const result = await engine.refund(input.ref, {
            amount: input.amount,
            ...(input.reason === undefined ? {} : { reason: input.reason }),
            ...(input.by === undefined ? {} : { requestedBy: input.by }),
          });
          printJson(io, {
            partnerReferenceNo: result.payment.partnerReferenceNo,
            ...refundJson(result.refund, profile),
          });
          if (result.outcome !== 'refunded') say(io, result.message);
          return result.outcome === 'refunded' ? 0 : result.outcome === 'failed' ? 1 : 3;
        }),
    ),
};

const recoverCommand: Command = {
  path: ['recover'],
  summary: 'resolve every unfinished payment, refund and PPOB purchase of this terminal',
  usage: [
    `Usage: kasir recover ${COMMON_USAGE}`,
    '',
    'Queries (and if needed cancels) whatever a stopped process left unfinished, then checks every',
    'unfinished PPOB purchase with its provider and refunds every failed sale paid by QRIS. Prints',
    'what it resolved as JSON. Exit 0 when nothing is left unresolved, 3 otherwise.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {},
      () => undefined,
      ({ engine, journal, profile, ppob }) =>
        mayReachProvider(io, 'recover', async () => {
          const report = await engine.recover();
          // A sale paid by QRIS needs its payment settled first: purchases come second.
          const purchases = ppob ? await ppob.recover() : undefined;
          const orphaned = ppob ? 0 : journal.openPurchases().length + journal.purchasesOwedRefund().length;
          if (orphaned > 0) {
            io.stderr(
              `kasir: ${orphaned} PPOB purchase(s) are unfinished but this profile has no "ppob" section to check them with`,
            );
          }
          const zone: TimeZone = profile;
          const clean = report.clean && (purchases?.clean ?? orphaned === 0);
          printJson(io, {
            clean,
            payments: report.payments.map((p) => ({ ...lineOf(journal, p.payment), outcome: p.outcome })),
            refunds: report.refunds.map((r) => ({
              partnerReferenceNo: r.payment.partnerReferenceNo,
              ...refundJson(r.refund, zone),
            })),
            ...(purchases === undefined
              ? {}
              : { purchases: purchases.purchases.map((p) => purchaseLine(p, zone)) }),
          });
          return clean ? 0 : 3;
        }),
    ),
};

export const paymentCommands: Command[] = [
  payCommand,
  cancelCommand,
  refundCommand,
  decideCommand,
  recoverCommand,
];
