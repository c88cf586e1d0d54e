// The headless cashier: `kasir pay|status|cancel|refund|recover|history|report`. Every command takes
// the terminal profile (--config) and the data directory holding the journal (--data-dir). Input
// is checked completely (flags, amount, profile, keys, data directory) before the journal is even
// opened, so bad input exits 2 with one line and leaves the journal untouched.
// Exit codes: 0 ok / paid, 1 a definite negative outcome, 2 bad input or refused, 3 still unresolved.

import { resolve } from 'node:path';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import { formatRupiah, formatSnapAmount, type Minor, parseSnapAmount } from '../money/amount';
import type { CancelRecord, DayReport, PaymentRecord, RefundRecord } from '../payments/journal';
import type { OpenedTerminal } from '../payments/open-terminal';
import { openTerminal, prepareDataDir } from '../payments/open-terminal';
import type { Outcome, PaymentResult } from '../payments/payment-engine';
import { loadTerminalProfile } from '../terminal-profile';
import type { CliIo, Command, FlagSpec } from './framework';
import { parseFlags, printJson, requireFlag, UsageError } from './framework';

const COMMON = { config: { type: 'string' }, 'data-dir': { type: 'string' } } as const;
const COMMON_USAGE = '--config FILE --data-dir DIR';
const QR_MAX = 512;

type Values = Record<string, string | boolean | undefined>;

function amountFlag(values: Values, name: string): Minor {
  const raw = requireFlag(values, name);
  let amount: Minor;
  try {
    amount = parseSnapAmount(raw);
  } catch {
    throw new UsageError(
      `--${name} must be an amount with exactly two decimals, e.g. 10000.00 (got ${JSON.stringify(raw)})`,
    );
  }
  if (amount === 0n) throw new UsageError(`--${name} must be more than 0.00`);
  return amount;
}

function dateFlag(values: Values, required: boolean): string | undefined {
  const raw = values.date;
  if (raw === undefined) {
    if (required) throw new UsageError('Missing required flag --date');
    return undefined;
  }
  if (
    typeof raw !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(raw) ||
    Number.isNaN(Date.parse(`${raw}T00:00:00Z`))
  ) {
    throw new UsageError(`--date must be a day as YYYY-MM-DD (got ${JSON.stringify(raw)})`);
  }
  if (new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) {
    throw new UsageError(`--date ${raw} is not a real day`);
  }
  return raw;
}

function optionalText(values: Values, name: string, max: number): string | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > max) {
    throw new UsageError(`--${name} must be 1 to ${max} characters`);
  }
  return raw;
}

/**
 * Parses flags and validates everything that needs no journal, then opens the terminal. `check`
 * runs after the flags parse and before anything is opened.
 */
async function withTerminal<T>(
  argv: string[],
  io: CliIo,
  flags: FlagSpec,
  check: (values: Values) => T,
  work: (terminal: OpenedTerminal, input: T, values: Values) => Promise<number>,
): Promise<number> {
  const { values } = parseFlags(argv, { ...COMMON, ...flags });
  const config = requireFlag(values, 'config');
  const dataDir = requireFlag(values, 'data-dir');
  const input = check(values);
  const profile = loadTerminalProfile(resolveFrom(io, config));
  prepareDataDir(resolveFrom(io, dataDir));
  const terminal = openTerminal({
    profile,
    dataDir: resolveFrom(io, dataDir),
    log: (line) => io.stderr(`kasir: ${line}`),
  });
  try {
    return await work(terminal, input, values);
  } finally {
    terminal.close();
  }
}

function resolveFrom(io: CliIo, path: string): string {
  return resolve(io.cwd, path);
}

function exitFor(outcome: Outcome): number {
  return outcome === 'paid' ? 0 : outcome === 'not_paid' ? 1 : 3;
}

function paymentLine(payment: PaymentRecord) {
  return {
    partnerReferenceNo: payment.partnerReferenceNo,
    referenceNo: payment.referenceNo,
    state: payment.state,
    responseCode: payment.responseCode,
    responseMessage: payment.responseMessage,
  };
}

function paymentView(payment: PaymentRecord) {
  return {
    ...paymentLine(payment),
    amount: formatSnapAmount(payment.amount),
    currency: payment.currency,
    terminalId: payment.terminalId,
    businessDate: payment.businessDate,
    createdAt: new Date(payment.createdAt).toISOString(),
    updatedAt: new Date(payment.updatedAt).toISOString(),
    reason: payment.reason,
    decidedBy: payment.decidedBy,
  };
}

function refundView(refund: RefundRecord) {
  return {
    partnerRefundNo: refund.partnerRefundNo,
    refundNo: refund.refundNo,
    amount: formatSnapAmount(refund.amount),
    state: refund.state,
    responseCode: refund.responseCode,
    responseMessage: refund.responseMessage,
    reason: refund.reason,
    createdAt: new Date(refund.createdAt).toISOString(),
  };
}

function cancelView(cancel: CancelRecord) {
  return {
    state: cancel.state,
    responseCode: cancel.responseCode,
    responseMessage: cancel.responseMessage,
    reason: cancel.reason,
    createdAt: new Date(cancel.createdAt).toISOString(),
  };
}

function say(io: CliIo, message: LocalizedText): void {
  io.stderr(`kasir: ${message.en}`);
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
async function mayReachProvider(io: CliIo, command: string, run: () => Promise<number>): Promise<number> {
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
  reference: string,
  error: unknown,
  read: () => PaymentResult,
): number {
  io.stderr(`kasir pay: ${describeFailure(error)}`);
  try {
    const { payment, outcome } = read();
    printJson(io, paymentLine(payment));
    if (outcome !== 'unresolved') return exitFor(outcome);
  } catch {
    printJson(io, { partnerReferenceNo: reference, state: null });
  }
  io.stderr(`kasir: the outcome of ${reference} is not known yet; run \`kasir recover\` once this is fixed.`);
  return 3;
}

// ---------------------------------------------------------------------------------------------

const payCommand: Command = {
  path: ['pay'],
  summary: 'take a QRIS CPM payment and wait for its outcome',
  usage: [
    `Usage: kasir pay ${COMMON_USAGE} --qr QR --amount 10000.00 [--title TEXT]`,
    '',
    'Resolves anything an earlier run left unfinished, then journals the payment, sends it, and',
    'resolves an unknown outcome by query (and cancel at its deadline). Prints one JSON object',
    '{"partnerReferenceNo","referenceNo","state","responseCode","responseMessage"}.',
    'Exit 0 PAID, 1 not paid, 3 still unresolved (run `kasir recover` later), 2 bad input.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { qr: { type: 'string' }, amount: { type: 'string' }, title: { type: 'string' } },
      (values) => {
        const qrContent = requireFlag(values, 'qr');
        if (qrContent.length > QR_MAX) throw new UsageError(`--qr is longer than ${QR_MAX} characters`);
        return { qrContent, amount: amountFlag(values, 'amount'), title: optionalText(values, 'title', 256) };
      },
      ({ engine }, input) =>
        mayReachProvider(io, 'pay', async () => {
          // DESIGN.md §3.7: every unfinished operation (refunds too) is resolved before a new payment.
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
            return afterJournaledFailure(io, reference, error, () => engine.status(reference));
          } finally {
            stop();
          }
          printJson(io, paymentLine(result.payment));
          if (result.outcome !== 'paid') say(io, result.message);
          return exitFor(result.outcome);
        }),
    ),
};

const statusCommand: Command = {
  path: ['status'],
  summary: "show a payment's journaled state, refunds and history",
  usage: [
    `Usage: kasir status ${COMMON_USAGE} --ref REF [--events]`,
    '',
    'REF is our partnerReferenceNo or the provider referenceNo. Reads the journal only.',
    'Exit 0 paid, 1 not paid, 3 unresolved, 2 unknown reference.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { ref: { type: 'string' }, events: { type: 'boolean' } },
      (values) => requireFlag(values, 'ref'),
      async ({ engine }, ref, values) => {
        const details = engine.status(ref);
        printJson(io, {
          ...paymentView(details.payment),
          outcome: details.outcome,
          message: details.message,
          refunded: formatSnapAmount(details.refunded),
          refunds: details.refunds.map(refundView),
          cancels: details.cancels.map(cancelView),
          ...(values.events === true
            ? {
                events: details.events.map((e) => ({
                  at: new Date(e.at).toISOString(),
                  operation: e.operation,
                  kind: e.kind,
                  from: e.fromState,
                  to: e.toState,
                  externalId: e.externalId,
                  httpStatus: e.httpStatus,
                  responseCode: e.responseCode,
                  detail: e.detail,
                })),
              }
            : {}),
        });
        return exitFor(details.outcome);
      },
    ),
};

const cancelCommand: Command = {
  path: ['cancel'],
  summary: 'reverse an unresolved or same-day payment (cancel, service 62)',
  usage: [
    `Usage: kasir cancel ${COMMON_USAGE} --ref REF [--reason TEXT] [--by SUPERVISOR]`,
    '',
    'Journals the cancel, sends it, and queries to learn what the payment became.',
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
      ({ engine }, input) =>
        mayReachProvider(io, 'cancel', async () => {
          const result = await engine.cancel(input.ref, {
            ...(input.reason === undefined ? {} : { reason: input.reason }),
            ...(input.by === undefined ? {} : { requestedBy: input.by }),
          });
          printJson(io, paymentLine(result.payment));
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
      async ({ engine }, input) => {
        if (input.kind === 'refund') {
          const result = await engine.decideRefundManually(input.refund, {
            outcome: input.outcome === 'refunded' ? 'refunded' : 'not_refunded',
            reason: input.reason,
            supervisor: input.by,
          });
          printJson(io, {
            ...paymentLine(result.payment),
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
          ...paymentLine(result.payment),
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
      ({ engine }, input) =>
        mayReachProvider(io, 'refund', async () => {
          const result = await engine.refund(input.ref, {
            amount: input.amount,
            ...(input.reason === undefined ? {} : { reason: input.reason }),
            ...(input.by === undefined ? {} : { requestedBy: input.by }),
          });
          printJson(io, {
            partnerReferenceNo: result.payment.partnerReferenceNo,
            ...refundView(result.refund),
          });
          if (result.outcome !== 'refunded') say(io, result.message);
          return result.outcome === 'refunded' ? 0 : result.outcome === 'failed' ? 1 : 3;
        }),
    ),
};

const recoverCommand: Command = {
  path: ['recover'],
  summary: 'resolve every unfinished payment and refund of this terminal',
  usage: [
    `Usage: kasir recover ${COMMON_USAGE}`,
    '',
    'Queries (and if needed cancels) whatever a stopped process left unfinished. Prints what it',
    'resolved as JSON. Exit 0 when nothing is left unresolved, 3 otherwise.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {},
      () => undefined,
      ({ engine }) =>
        mayReachProvider(io, 'recover', async () => {
          const report = await engine.recover();
          printJson(io, {
            clean: report.clean,
            payments: report.payments.map((p) => ({ ...paymentLine(p.payment), outcome: p.outcome })),
            refunds: report.refunds.map((r) => ({
              partnerReferenceNo: r.payment.partnerReferenceNo,
              ...refundView(r.refund),
            })),
          });
          return report.clean ? 0 : 3;
        }),
    ),
};

const historyCommand: Command = {
  path: ['history'],
  summary: 'list journaled payments, newest first',
  usage: [
    `Usage: kasir history ${COMMON_USAGE} [--date YYYY-MM-DD] [--limit N] [--before ID] [--json]`,
    '',
    "One page (default 50) of payments, newest first; --before takes the previous page's nextBefore.",
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {
        date: { type: 'string' },
        limit: { type: 'string' },
        before: { type: 'string' },
        json: { type: 'boolean' },
      },
      (values) => {
        const integer = (name: string, max: number): number | undefined => {
          const raw = values[name];
          if (raw === undefined) return undefined;
          if (typeof raw !== 'string' || !/^[1-9]\d*$/.test(raw) || Number(raw) > max) {
            throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
          }
          return Number(raw);
        };
        return {
          date: dateFlag(values, false),
          limit: integer('limit', 500),
          before: integer('before', Number.MAX_SAFE_INTEGER),
          json: values.json === true,
        };
      },
      async ({ journal }, input) => {
        const page = journal.history({ date: input.date, limit: input.limit, before: input.before });
        if (input.json) {
          printJson(io, {
            items: page.items.map((p) => ({ id: p.id, ...paymentView(p) })),
            nextBefore: page.nextBefore,
          });
          return 0;
        }
        for (const p of page.items) {
          io.stdout(
            `${new Date(p.createdAt).toISOString()}  ${p.partnerReferenceNo}  ${formatRupiah(p.amount).padStart(16)}  ${p.state}`,
          );
        }
        if (page.nextBefore !== null) io.stdout(`… more: --before ${page.nextBefore}`);
        return 0;
      },
    ),
};

function reportJson(report: DayReport) {
  const bucket = (b: { count: number; total: Minor }) => ({
    count: b.count,
    total: formatSnapAmount(b.total),
  });
  return {
    date: report.date,
    payments: Object.fromEntries(Object.entries(report.payments).map(([state, b]) => [state, bucket(b)])),
    paid: bucket(report.paid),
    refunds: Object.fromEntries(Object.entries(report.refunds).map(([state, b]) => [state, bucket(b)])),
    net: report.net < 0n ? `-${formatSnapAmount(-report.net)}` : formatSnapAmount(report.net),
    unresolved: {
      payments: report.unresolvedPayments.map(paymentView),
      refunds: report.unresolvedRefunds.map(refundView),
    },
  };
}

const reportCommand: Command = {
  path: ['report'],
  summary: 'end-of-day report: totals by state, refunds, net, unresolved',
  usage: [
    `Usage: kasir report ${COMMON_USAGE} --date YYYY-MM-DD [--json]`,
    '',
    'Counts and totals of the business day by state (provider-confirmed and manual apart),',
    'refunds, the net (paid minus refunded) and every payment or refund still unresolved.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { date: { type: 'string' }, json: { type: 'boolean' } },
      (values) => ({ date: dateFlag(values, true) ?? '', json: values.json === true }),
      async ({ journal }, input) => {
        const report = journal.dayReport(input.date);
        if (input.json) {
          printJson(io, reportJson(report));
          return 0;
        }
        io.stdout(`Report for ${report.date}`);
        for (const [state, b] of Object.entries(report.payments)) {
          if (b.count > 0)
            io.stdout(`  ${state.padEnd(16)} ${String(b.count).padStart(6)}  ${formatRupiah(b.total, 'en')}`);
        }
        io.stdout(
          `  ${'paid'.padEnd(16)} ${String(report.paid.count).padStart(6)}  ${formatRupiah(report.paid.total, 'en')}`,
        );
        io.stdout(
          `  ${'refunded'.padEnd(16)} ${String(report.refunds.REFUNDED.count).padStart(6)}  ${formatRupiah(report.refunds.REFUNDED.total, 'en')}`,
        );
        io.stdout(`  ${'net'.padEnd(16)} ${''.padStart(6)}  ${formatRupiah(report.net, 'en')}`);
        const open = report.unresolvedPayments.length + report.unresolvedRefunds.length;
        io.stdout(open === 0 ? '  nothing unresolved' : `  UNRESOLVED: ${open}`);
        for (const p of report.unresolvedPayments)
          io.stdout(`    payment ${p.partnerReferenceNo} ${p.state}`);
        for (const r of report.unresolvedRefunds) io.stdout(`    refund ${r.partnerRefundNo} ${r.state}`);
        return 0;
      },
    ),
};

export const paymentCommands: Command[] = [
  payCommand,
  statusCommand,
  cancelCommand,
  refundCommand,
  decideCommand,
  recoverCommand,
  historyCommand,
  reportCommand,
];
