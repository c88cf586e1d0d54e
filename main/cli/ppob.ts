// `kasir ppob products|inquiry|buy|status|balance|decide`: selling digital products (PPOB) through
// Klikoo B2B and DOKU Biller from the command line, on the same purchase engine the app uses.
// Exit codes as `kasir pay`: 0 success, 1 a definite failure (nothing bought; for a sale paid by
// QRIS, refunded), 2 bad input (nothing journaled), 3 unresolved (run `kasir recover` later).
// One JSON object on stdout; the cashier's message on stderr.

import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import { formatSnapAmount } from '../money/amount';
import type { PpobProviderName } from '../payments/journal';
import type { OpenedTerminal } from '../payments/open-terminal';
import { PeriodSchema, ProductCategorySchema } from '../ppob/products';
import type { PurchaseEngine, PurchaseResult } from '../ppob/purchase-engine';
import type { TerminalProfile } from '../terminal-profile';
import type { CliIo, Command } from './framework';
import { printJson, requireFlag, UsageError } from './framework';
import { amountFlag, mayReachProvider, optionalText, qrFlag } from './payments';
import type { Values } from './terminal-access';
import { COMMON_USAGE, withTerminal } from './terminal-access';
import { exitForPurchase, jsonTime, purchaseLine } from './views';

function providerFlag(values: Values): PpobProviderName | undefined {
  const raw = values.provider;
  if (raw === undefined) return undefined;
  if (raw !== 'klikoo' && raw !== 'doku') throw new UsageError('--provider must be "klikoo" or "doku"');
  return raw;
}

function periodFlag(values: Values): string | undefined {
  const raw = values.period;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !PeriodSchema.safeParse(raw).success) {
    throw new UsageError(`--period must be a month as YYYYMM, e.g. 202512 (got ${JSON.stringify(raw)})`);
  }
  return raw;
}

function say(io: CliIo, message: LocalizedText): void {
  io.stderr(`kasir: ${message.en}`);
}

/** The PPOB engine of a terminal whose profile has a ppob section. */
function ppobOf(terminal: OpenedTerminal & { profile: TerminalProfile }): PurchaseEngine {
  if (!terminal.ppob) {
    throw new UsageError(
      `the terminal profile ${terminal.profile.file} has no "ppob" section: add Klikoo or DOKU Biller there (README, "Selling digital products (PPOB)")`,
    );
  }
  return terminal.ppob;
}

/** Refusals that come before anything is journaled and are the provider's word, not bad input. */
const PROVIDER_REFUSALS = new Set([
  'PPOB_INQUIRY_REFUSED',
  'PPOB_INQUIRY_UNANSWERED',
  'PPOB_PROVIDER_UNAVAILABLE',
]);

async function refusalsExit(io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof KasirError && PROVIDER_REFUSALS.has(error.code)) {
      printJson(io, { refused: { code: error.code, message: error.messages, raw: error.raw ?? null } });
      say(io, error.messages);
      return 1;
    }
    throw error;
  }
}

function tell(io: CliIo, result: PurchaseResult): void {
  if (result.outcome !== 'success') say(io, result.failure?.message ?? result.message);
  if (result.refundMessage) say(io, result.refundMessage);
  if (result.needsSupervisor) {
    io.stderr(
      `kasir: ${result.purchase.partnerReferenceId} is past its deadline: a supervisor decides with \`kasir ppob decide\` after checking with the provider.`,
    );
  } else if (result.outcome === 'unresolved') {
    io.stderr(
      `kasir: run \`kasir ppob status --ref ${result.purchase.partnerReferenceId}\` or \`kasir recover\` later.`,
    );
  }
}

const COMMON = COMMON_USAGE;

const productsCommand: Command = {
  path: ['ppob', 'products'],
  summary: 'the PPOB price list (Klikoo B2B, DOKU Biller)',
  usage: [
    `Usage: kasir ppob products ${COMMON} [--provider klikoo|doku] [--category C]`,
    '',
    `Categories: ${ProductCategorySchema.options.join(', ')}. Prints {"products":[{"provider","code","name",`,
    '"category","operator","price","active"}]}: price is what the provider charges the deposit (for a',
    'bill, its admin fee). Exit 0, 1 when a provider gives no usable answer.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { provider: { type: 'string' }, category: { type: 'string' } },
      (values) => {
        const category = values.category;
        if (category !== undefined && !ProductCategorySchema.safeParse(category).success) {
          throw new UsageError(`--category must be one of ${ProductCategorySchema.options.join(', ')}`);
        }
        return {
          provider: providerFlag(values),
          category: category === undefined ? undefined : ProductCategorySchema.parse(category),
        };
      },
      (terminal, input) =>
        refusalsExit(io, async () => {
          const products = await ppobOf(terminal).products({
            ...(input.provider === undefined ? {} : { provider: input.provider }),
            ...(input.category === undefined ? {} : { category: input.category }),
          });
          printJson(io, {
            products: products.map((p) => ({
              provider: p.provider,
              code: p.code,
              name: p.name,
              category: p.category,
              operator: p.operator ?? null,
              price: formatSnapAmount(p.price),
              active: p.active,
            })),
          });
          return 0;
        }),
    ),
};

const inquiryCommand: Command = {
  path: ['ppob', 'inquiry'],
  summary: "ask a customer number's bill or name before a purchase",
  usage: [
    `Usage: kasir ppob inquiry ${COMMON} --product CODE --customer NO [--period YYYYMM] [--provider klikoo|doku]`,
    '',
    'Prints {"inquiry","provider","product","customerNo","customerName","amount","adminFee","period",',
    '"expiresAt"}: pass "inquiry" to `kasir ppob buy --inquiry` to pay exactly that bill. Nothing is',
    'bought. Exit 0, 1 when the provider refuses (a bill already paid or expired, an unknown number).',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {
        product: { type: 'string' },
        customer: { type: 'string' },
        period: { type: 'string' },
        provider: { type: 'string' },
      },
      (values) => ({
        product: requireFlag(values, 'product'),
        customer: requireFlag(values, 'customer'),
        period: periodFlag(values),
        provider: providerFlag(values),
      }),
      (terminal, input) =>
        refusalsExit(io, async () => {
          const { inquiry } = await ppobOf(terminal).inquiry({
            productCode: input.product,
            customerNo: input.customer,
            period: input.period,
            provider: input.provider,
          });
          printJson(io, {
            inquiry: inquiry.reference,
            provider: inquiry.provider,
            product: inquiry.productCode,
            customerNo: inquiry.customerNo,
            customerName: inquiry.customerName,
            amount: formatSnapAmount(inquiry.amount),
            adminFee: formatSnapAmount(inquiry.adminFee),
            period: inquiry.period,
            providerInquiryId: inquiry.providerInquiryId,
            expiresAt: jsonTime(inquiry.expiresAt, terminal.profile),
          });
          return 0;
        }),
    ),
};

const buyCommand: Command = {
  path: ['ppob', 'buy'],
  summary: 'sell a digital product, cash or paid by QRIS CPM',
  usage: [
    `Usage: kasir ppob buy ${COMMON} --product CODE --customer NO [--price 10500.00] [--inquiry ID]`,
    '         [--qr QR] [--provider klikoo|doku] [--period YYYYMM] [--phone 08…] [--allow-loss]',
    '',
    'Checks everything first (product, customer number, price, inquiry, QR), then journals the purchase',
    'and buys it under one reference, resolving an unknown outcome with that same reference. --price is',
    "what the customer pays (default: the buy price plus the profile's ppob.defaultMargin); below the",
    'buy price only with --allow-loss. Bills (PLN postpaid, BPJS, PDAM) and DOKU products are inquired',
    'first unless --inquiry names an inquiry. With --qr the customer pays by QRIS CPM first: the product',
    'is bought only once that payment is PAID, and refunded in full if the product then fails.',
    'Exit 0 bought, 1 not bought (refunded when paid by QR), 3 unresolved, 2 bad input (nothing journaled).',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {
        product: { type: 'string' },
        customer: { type: 'string' },
        price: { type: 'string' },
        inquiry: { type: 'string' },
        qr: { type: 'string' },
        provider: { type: 'string' },
        period: { type: 'string' },
        phone: { type: 'string' },
        'allow-loss': { type: 'boolean' },
      },
      (values) => ({
        product: requireFlag(values, 'product'),
        customer: requireFlag(values, 'customer'),
        price: values.price === undefined ? undefined : amountFlag(values, 'price'),
        inquiry: optionalText(values, 'inquiry', 128),
        paidBy: values.qr === undefined ? undefined : qrFlag(values),
        provider: providerFlag(values),
        period: periodFlag(values),
        phone: optionalText(values, 'phone', 20),
        allowLoss: values['allow-loss'] === true,
      }),
      (terminal, input) =>
        refusalsExit(io, () =>
          mayReachProvider(io, 'ppob buy', async () => {
            const ppob = ppobOf(terminal);
            const leftover =
              terminal.engine.unresolved().length +
              terminal.engine.unresolvedRefunds().length +
              ppob.unresolved().length;
            if (leftover > 0) {
              io.stderr(`kasir: resolving ${leftover} unfinished payment(s), refund(s) or purchase(s) first`);
              await terminal.engine.recover();
              await ppob.recover();
            }
            const result = await ppob.buy({
              productCode: input.product,
              customerNo: input.customer,
              provider: input.provider,
              sellingPrice: input.price,
              inquiry: input.inquiry,
              period: input.period,
              phone: input.phone,
              allowLoss: input.allowLoss,
              ...(input.paidBy === undefined
                ? {}
                : { paidBy: { ...input.paidBy, title: `PPOB ${input.product} ${input.customer}` } }),
            });
            printJson(io, purchaseLine(result, terminal.profile));
            tell(io, result);
            return exitForPurchase(result);
          }),
        ),
    ),
};

const statusCommand: Command = {
  path: ['ppob', 'status'],
  summary: "a purchase's state; an unfinished one is checked with the provider",
  usage: [
    `Usage: kasir ppob status ${COMMON} --ref REF [--events]`,
    '',
    "REF is the purchase's partner_reference_id, the provider's transaction id, or the QRIS payment's",
    'partnerReferenceNo. An unfinished purchase is asked after with its own references (transaction',
    'detail, history, DOKU advice) and its sale settled (a failed one paid by QRIS is refunded). This',
    "is what a provider's callback, relayed by the merchant server, or a person checking calls.",
    'Exit 0 bought, 1 not bought, 3 unresolved, 2 unknown reference.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { ref: { type: 'string' }, events: { type: 'boolean' } },
      (values) => ({ ref: requireFlag(values, 'ref'), events: values.events === true }),
      (terminal, input) =>
        mayReachProvider(io, 'ppob status', async () => {
          const details = await ppobOf(terminal).resolve(input.ref);
          printJson(io, {
            ...purchaseLine(details, terminal.profile),
            ...(details.inquiry === undefined ? {} : { inquiry: details.inquiry.reference }),
            ...(input.events
              ? {
                  events: details.events.map((e) => ({
                    at: jsonTime(e.at, terminal.profile),
                    kind: e.kind,
                    from: e.fromState,
                    to: e.toState,
                    requestId: e.requestId,
                    httpStatus: e.httpStatus,
                    responseCode: e.responseCode,
                    providerStatus: e.providerStatus,
                    detail: e.detail,
                  })),
                }
              : {}),
          });
          tell(io, details);
          return exitForPurchase(details);
        }),
    ),
};

const balanceCommand: Command = {
  path: ['ppob', 'balance'],
  summary: "the terminal's deposit at Klikoo and DOKU Biller",
  usage: [
    `Usage: kasir ppob balance ${COMMON} [--provider klikoo|doku]`,
    '',
    'Prints {"balances":[{"provider","balance"}]}. Exit 0, 1 when a provider gives no usable answer.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      { provider: { type: 'string' } },
      (values) => ({ provider: providerFlag(values) }),
      (terminal, input) =>
        refusalsExit(io, async () => {
          const balances = await ppobOf(terminal).balance(input.provider);
          printJson(io, {
            balances: balances.map((b) => ({ provider: b.provider, balance: formatSnapAmount(b.balance) })),
          });
          return 0;
        }),
    ),
};

const decideCommand: Command = {
  path: ['ppob', 'decide'],
  summary: "a supervisor's decision on a purchase the provider never settled",
  usage: [
    `Usage: kasir ppob decide ${COMMON} --ref REF --outcome success|failed --reason TEXT --by SUPERVISOR`,
    '',
    'The last resort for a purchase still unresolved past its deadline: the provider is asked once more',
    'first (when that settles it, nothing is decided); then MANUAL_SUCCESS or MANUAL_FAILED is journaled',
    'with who decided and why. A sale paid by QRIS decided failed is refunded.',
    'Exit 0 decided success, 1 decided failed, 3 its refund still unresolved.',
  ].join('\n'),
  run: (argv, io) =>
    withTerminal(
      argv,
      io,
      {
        ref: { type: 'string' },
        outcome: { type: 'string' },
        reason: { type: 'string' },
        by: { type: 'string' },
      },
      (values) => {
        const outcome = requireFlag(values, 'outcome');
        if (outcome !== 'success' && outcome !== 'failed')
          throw new UsageError('--outcome must be "success" or "failed"');
        const reason = optionalText(values, 'reason', 256);
        const by = optionalText(values, 'by', 64);
        if (reason === undefined) throw new UsageError('Missing required flag --reason');
        if (by === undefined) throw new UsageError('Missing required flag --by');
        return { ref: requireFlag(values, 'ref'), outcome, reason, by } as const;
      },
      (terminal, input) =>
        mayReachProvider(io, 'ppob decide', async () => {
          const result = await ppobOf(terminal).decideManually(input.ref, {
            outcome: input.outcome,
            reason: input.reason,
            supervisor: input.by,
          });
          printJson(io, purchaseLine(result, terminal.profile));
          tell(io, result);
          return exitForPurchase(result);
        }),
    ),
};

export const ppobCommands: Command[] = [
  productsCommand,
  inquiryCommand,
  buyCommand,
  statusCommand,
  balanceCommand,
  decideCommand,
];
