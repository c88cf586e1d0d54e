// The headless cashier's read commands: `kasir status|history|report`. They open an existing journal
// read-only (see terminal-access.ts), so they work on a backup and never leave a trace in it.

import { historyCsv } from '../app/history-csv';
import { toPaymentView } from '../app/payment-views';
import { walletFrom } from '../cpm/wallet';
import { KasirError } from '../errors';
import type { Minor } from '../money/amount';
import type { DayReport, Journal, PaymentRecord } from '../payments/journal';
import { paymentMessage } from '../payments/messages';
import { businessDate } from '../payments/references';
import { isPaidState, paymentOutcome, REFUNDED_STATES } from '../payments/states';
import { utcOffsetMinutes } from '../snap/headers';
import type { Command } from './framework';
import { printJson, requireFlag, UsageError } from './framework';
import type { Values } from './terminal-access';
import { COMMON_USAGE, withJournalToRead } from './terminal-access';
import type { RefundStanding, TimeZone } from './views';
import {
  cancelJson,
  eventJson,
  jsonAmount,
  paymentJson,
  refundJson,
  refundStanding,
  rupiah,
  settlementOf,
  standingMessage,
  stateText,
  textTime,
} from './views';

function dateFlag(values: Values): string | undefined {
  const raw = values.date;
  if (raw === undefined) return undefined;
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

function standingOf(journal: Journal, payment: PaymentRecord): RefundStanding {
  return refundStanding(payment, journal.refundedTotal(payment.id));
}

// ---------------------------------------------------------------------------------------------

const statusCommand: Command = {
  path: ['status'],
  summary: "show a payment's journaled state, refunds and history",
  usage: [
    `Usage: kasir status ${COMMON_USAGE} --ref REF [--events]`,
    '',
    'REF is our partnerReferenceNo or the provider referenceNo. Reads the journal only (a read-only',
    'backup too). Exit 0 paid, 1 not paid, 3 unresolved, 2 unknown reference or no journal.',
  ].join('\n'),
  run: (argv, io) =>
    withJournalToRead(
      argv,
      io,
      { ref: { type: 'string' }, events: { type: 'boolean' } },
      (values) => requireFlag(values, 'ref'),
      async ({ journal, profile }, ref, values) => {
        const payment = journal.findPayment(ref);
        if (!payment) {
          throw new KasirError({
            code: 'PAYMENT_NOT_FOUND',
            message: {
              id: `Transaksi ${ref} tidak ada di jurnal ini.`,
              en: `No payment ${ref} in this journal.`,
            },
          });
        }
        const events = journal.events(payment.id);
        const standing = standingOf(journal, payment);
        const outcome = paymentOutcome(payment.state);
        printJson(io, {
          ...paymentJson(payment, settlementOf(payment, events), profile),
          outcome,
          message: standingMessage(standing, paymentMessage(payment.state)),
          refunded: jsonAmount(standing.refunded),
          refundedInFull: standing.refundedInFull,
          refunds: journal.refundsOf(payment.id).map((r) => refundJson(r, profile)),
          cancels: journal.cancelsOf(payment.id).map((c) => cancelJson(c, profile)),
          ...(values.events === true ? { events: events.map((e) => eventJson(e, profile)) } : {}),
        });
        return outcome === 'paid' ? 0 : outcome === 'not_paid' ? 1 : 3;
      },
    ),
};

// ---------------------------------------------------------------------------------------------

/** Pages of the journal's history, newest first, until `limit` payments (all when undefined). */
function* historyPages(
  journal: Journal,
  query: { date: string | undefined; before: number | undefined; limit: number | undefined },
): Generator<PaymentRecord[]> {
  let before = query.before;
  let left = query.limit ?? Number.POSITIVE_INFINITY;
  while (left > 0) {
    const page = journal.history({ date: query.date, before, limit: Math.min(left, 500) });
    if (page.items.length > 0) yield page.items;
    left -= page.items.length;
    if (page.nextBefore === null) return;
    before = page.nextBefore;
  }
}

function writeCsv(
  io: Parameters<Command['run']>[1],
  journal: Journal,
  zone: TimeZone,
  pages: Iterable<PaymentRecord[]>,
) {
  const offset = utcOffsetMinutes(zone.utcOffset);
  let first = true;
  for (const page of pages) {
    const views = page.map((p) =>
      toPaymentView(p, walletFrom(p.walletLabel, p.walletLast4), {
        refunded: journal.refundedTotal(p.id),
        committed: journal.committedRefundTotal(p.id),
      }),
    );
    // The app's export module writes the file; every page after the first drops its header line.
    const csv = historyCsv(views, offset);
    const block = first ? csv : csv.slice(csv.indexOf('\r\n') + 2);
    // stdout ends each write with "\n": leaving out the block's own last "\n" keeps CRLF line ends.
    io.stdout(block.slice(0, -1));
    first = false;
  }
  if (first) io.stdout(historyCsv([], offset).slice(0, -1));
}

const historyCommand: Command = {
  path: ['history'],
  summary: 'list journaled payments and their refunds, newest first',
  usage: [
    `Usage: kasir history ${COMMON_USAGE} [--date YYYY-MM-DD] [--limit N] [--before ID] [--json | --csv]`,
    '',
    'One page (default 50) of payments, newest first, each with its refunds; --before takes the previous',
    "page's nextBefore. --csv writes every matching payment (or --limit of them) as the app's CSV export.",
    'Reads the journal only (a read-only backup too).',
  ].join('\n'),
  run: (argv, io) =>
    withJournalToRead(
      argv,
      io,
      {
        date: { type: 'string' },
        limit: { type: 'string' },
        before: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
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
        if (values.json === true && values.csv === true) {
          throw new UsageError('give --json or --csv, not both');
        }
        const csv = values.csv === true;
        return {
          date: dateFlag(values),
          limit: integer('limit', csv ? Number.MAX_SAFE_INTEGER : 500),
          before: integer('before', Number.MAX_SAFE_INTEGER),
          json: values.json === true,
          csv,
        };
      },
      async ({ journal, profile }, input) => {
        if (input.csv) {
          writeCsv(io, journal, profile, historyPages(journal, input));
          return 0;
        }
        const page = journal.history({ date: input.date, limit: input.limit, before: input.before });
        if (input.json) {
          printJson(io, {
            items: page.items.map((p) => {
              const standing = standingOf(journal, p);
              return {
                id: p.id,
                ...paymentJson(p, settlementOf(p, journal.events(p.id)), profile),
                refunded: jsonAmount(standing.refunded),
                refundedInFull: standing.refundedInFull,
                refunds: journal.refundsOf(p.id).map((r) => refundJson(r, profile)),
              };
            }),
            nextBefore: page.nextBefore,
          });
          return 0;
        }
        for (const p of page.items) {
          io.stdout(
            `${textTime(p.createdAt, profile)}  ${p.partnerReferenceNo}  ${rupiah(p.amount).padStart(18)}  ${stateText(p, standingOf(journal, p))}`,
          );
          for (const r of journal.refundsOf(p.id)) {
            io.stdout(
              `${textTime(r.createdAt, profile)}    refund ${r.partnerRefundNo}  ${rupiah(r.amount).padStart(11)}  ${r.state}`,
            );
          }
        }
        if (page.items.length === 0) io.stdout('no payments');
        if (page.nextBefore !== null) io.stdout(`… more: --before ${page.nextBefore}`);
        return 0;
      },
    ),
};

// ---------------------------------------------------------------------------------------------

interface Bucket {
  count: number;
  total: Minor;
}

/** Paid payments of the day that their refunds have fully returned to the customer. */
function refundedInFullOf(journal: Journal, date: string): Bucket {
  const bucket: Bucket = { count: 0, total: 0n };
  for (const page of historyPages(journal, { date, before: undefined, limit: undefined })) {
    for (const p of page) {
      if (isPaidState(p.state) && standingOf(journal, p).refundedInFull) {
        bucket.count++;
        bucket.total += p.amount;
      }
    }
  }
  return bucket;
}

function reportJson(journal: Journal, report: DayReport, refundedInFull: Bucket, zone: TimeZone) {
  const bucket = (b: Bucket) => ({ count: b.count, total: jsonAmount(b.total) });
  return {
    date: report.date,
    payments: Object.fromEntries(Object.entries(report.payments).map(([state, b]) => [state, bucket(b)])),
    paid: bucket(report.paid),
    refundedInFull: bucket(refundedInFull),
    refunds: Object.fromEntries(Object.entries(report.refunds).map(([state, b]) => [state, bucket(b)])),
    net: jsonAmount(report.net),
    unresolved: {
      payments: report.unresolvedPayments.map((p) =>
        paymentJson(p, settlementOf(p, journal.events(p.id)), zone),
      ),
      refunds: report.unresolvedRefunds.map((r) => refundJson(r, zone)),
    },
    ppob: ppobReportJson(report.ppob, zone),
  };
}

/** The digital-product half, as the app's report shows it (main/payments/journal/ppob-day-report.ts). */
function ppobReportJson(ppob: DayReport['ppob'], zone: TimeZone) {
  const sold = (b: { count: number; sold: Minor; cost: Minor }) => ({
    count: b.count,
    sold: jsonAmount(b.sold),
    cost: jsonAmount(b.cost),
    margin: jsonAmount(b.sold - b.cost),
  });
  const counted = (b: { count: number; total: Minor }) => ({ count: b.count, total: jsonAmount(b.total) });
  return {
    byCategory: ppob.byCategory.map((line) => ({ category: line.category, ...sold(line) })),
    sold: sold(ppob.sold),
    cash: sold(ppob.byMethod.cash),
    qris: sold(ppob.byMethod.qris),
    failed: { count: ppob.failed.count, total: jsonAmount(ppob.failed.sold) },
    refunds: {
      refunded: counted(ppob.refunds.refunded),
      open: counted(ppob.refunds.open),
      failed: counted(ppob.refunds.failed),
      owed: counted(ppob.refunds.owed),
    },
    drawer: Object.fromEntries(Object.entries(ppob.cash).map(([key, amount]) => [key, jsonAmount(amount)])),
    unresolved: ppob.unresolved.map((p) => ({
      partnerReferenceId: p.partnerReferenceId,
      productCode: p.productCode,
      customerNo: p.customerNo,
      state: p.state,
      sellingPrice: jsonAmount(p.sellingPrice),
      since: textTime(p.createdAt, zone),
    })),
    carried: ppob.carried,
  };
}

/** The digital-product lines of the text report: by category with margin, refunds, the drawer, open ones. */
function ppobReportLines(ppob: DayReport['ppob'], zone: TimeZone): string[] {
  const sold = ppob.sold;
  const opened = ppob.unresolved.length;
  if (sold.count === 0 && ppob.failed.count === 0 && opened === 0) return ['PPOB: nothing sold'];
  const line = (label: string, count: number, amount: Minor, extra = '') =>
    `  ${label.padEnd(20)} ${String(count).padStart(6)}  ${rupiah(amount)}${extra}`;
  const margin = (b: { sold: Minor; cost: Minor }) =>
    `  (cost ${rupiah(b.cost)}, margin ${rupiah(b.sold - b.cost)})`;
  return [
    'PPOB',
    ...ppob.byCategory.map((c) => line(c.category, c.count, c.sold, margin(c))),
    line('sold', sold.count, sold.sold, margin(sold)),
    ...(ppob.failed.count > 0 ? [line('failed', ppob.failed.count, ppob.failed.sold)] : []),
    ...(ppob.refunds.refunded.count > 0
      ? [line('refunded (QRIS)', ppob.refunds.refunded.count, ppob.refunds.refunded.total)]
      : []),
    ...(ppob.refunds.owed.count + ppob.refunds.open.count > 0
      ? [
          line(
            'refund pending',
            ppob.refunds.owed.count + ppob.refunds.open.count,
            ppob.refunds.owed.total + ppob.refunds.open.total,
          ),
        ]
      : []),
    `  cash in drawer        ${rupiah(ppob.cash.inDrawer)}  (returned ${rupiah(ppob.cash.returned)}, owed ${rupiah(ppob.cash.owed)})`,
    opened === 0
      ? '  no purchase unresolved'
      : `  UNRESOLVED: ${opened}${ppob.carried > 0 ? ` (${ppob.carried} from earlier days)` : ''}`,
    ...ppob.unresolved.map(
      (p) =>
        `    purchase ${p.partnerReferenceId}  ${p.productCode} ${p.customerNo}  ${rupiah(p.sellingPrice)}  ${p.state} since ${textTime(p.createdAt, zone)}`,
    ),
  ];
}

const reportCommand: Command = {
  path: ['report'],
  summary: 'end-of-day report: totals by state, refunds, net, unresolved',
  usage: [
    `Usage: kasir report ${COMMON_USAGE} [--date YYYY-MM-DD] [--json]`,
    '',
    "Counts and totals of the business day (default: today at the terminal's clock) by state",
    '(provider-confirmed and manual apart), payments refunded in full, refunds, the net (paid minus',
    'refunded) and every payment or refund still unresolved; then digital products (PPOB) by category',
    'with cost and margin, automatic refunds, PPOB cash in the drawer and purchases still open.',
    'Reads the journal only.',
  ].join('\n'),
  run: (argv, io) =>
    withJournalToRead(
      argv,
      io,
      { date: { type: 'string' }, json: { type: 'boolean' } },
      (values) => ({ date: dateFlag(values), json: values.json === true }),
      async ({ journal, profile }, input) => {
        const date = input.date ?? businessDate(Date.now(), utcOffsetMinutes(profile.utcOffset));
        const report = journal.dayReport(date);
        const fullyRefunded = refundedInFullOf(journal, date);
        if (input.json) {
          printJson(io, reportJson(journal, report, fullyRefunded, profile));
          return 0;
        }
        const row = (label: string, b: Bucket | undefined, total: Minor) =>
          `  ${label.padEnd(20)} ${(b === undefined ? '' : String(b.count)).padStart(6)}  ${rupiah(total)}`;
        io.stdout(`Report for ${report.date}`);
        for (const [state, b] of Object.entries(report.payments)) {
          if (b.count > 0) io.stdout(row(state, b, b.total));
        }
        io.stdout(row('paid', report.paid, report.paid.total));
        if (fullyRefunded.count > 0) io.stdout(row('  refunded in full', fullyRefunded, fullyRefunded.total));
        const refunded = REFUNDED_STATES.reduce(
          (sum, state) => ({
            count: sum.count + report.refunds[state].count,
            total: sum.total + report.refunds[state].total,
          }),
          { count: 0, total: 0n },
        );
        io.stdout(row('refunded', refunded, refunded.total));
        const bySupervisor = report.refunds.MANUAL_REFUNDED;
        if (bySupervisor.count > 0) io.stdout(row('  by a supervisor', bySupervisor, bySupervisor.total));
        io.stdout(row('net', undefined, report.net));
        const open = report.unresolvedPayments.length + report.unresolvedRefunds.length;
        io.stdout(open === 0 ? '  nothing unresolved' : `  UNRESOLVED: ${open}`);
        for (const p of report.unresolvedPayments) {
          io.stdout(
            `    payment ${p.partnerReferenceNo}  ${rupiah(p.amount)}  ${p.state} since ${textTime(p.createdAt, profile)}`,
          );
        }
        for (const r of report.unresolvedRefunds) {
          io.stdout(
            `    refund ${r.partnerRefundNo}  ${rupiah(r.amount)}  ${r.state} since ${textTime(r.createdAt, profile)}`,
          );
        }
        for (const line of ppobReportLines(report.ppob, profile)) io.stdout(line);
        return 0;
      },
    ),
};

const checkCommand: Command = {
  path: ['check'],
  summary: "the journal's full integrity check (every page read)",
  usage: [
    `Usage: kasir check ${COMMON_USAGE}`,
    '',
    "Reads every page of the journal and checks its structure (SQLite's quick_check): seconds for a",
    'year of payments, so no other command does it (they check the header and the newest rows). The',
    'app runs it in the background after start and daily. Prints {"ok":true} or {"ok":false,"detail"}.',
    'Exit 0 sound, 1 damaged: take no payments and call support with a copy of the data directory.',
  ].join('\n'),
  run: (argv, io) =>
    withJournalToRead(
      argv,
      io,
      {},
      () => undefined,
      async ({ journal }) => {
        const verdict = journal.fullCheck();
        printJson(io, verdict);
        return verdict.ok ? 0 : 1;
      },
    ),
};

export const readCommands: Command[] = [statusCommand, historyCommand, reportCommand, checkCommand];
