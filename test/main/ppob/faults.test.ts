// Every row of the PPOB sandbox's fault table, over real HTTP, against both simulators: what the
// purchase ends as, what the provider's books hold, and that nothing is ever bought twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import type { PurchaseResult } from '../../../main/ppob/purchase-engine';
import { PPOB_FAULT_TABLE } from '../../../main/sandbox/ppob/catalogue';
import { unbalancedDeposits } from '../../../main/sandbox/ppob/ledger';
import type { PpobRig } from './support';
import { startPpobRig } from './support';

let rig: PpobRig;
beforeAll(async () => {
  rig = await startPpobRig();
});
afterAll(async () => {
  await rig.close();
});

const PROVIDERS = [
  { provider: 'klikoo', pulsa: 'TSEL10', bill: 'PLNPOST' },
  { provider: 'doku', pulsa: 'PULSA-TSEL-10', bill: 'PLN-PASCA' },
] as const;

/** A Telkomsel number (0812…) or a PLN postpaid id (12 digits) ending in 99NN. */
const phone = (suffix: string) => `08123456${suffix}`;
const plnId = (suffix: string) => `51234567${suffix}`;

function ledgerOf(provider: 'klikoo' | 'doku') {
  return provider === 'klikoo'
    ? rig.ppobSandbox.klikoo.ledger.snapshot()
    : rig.ppobSandbox.doku.ledger.snapshot();
}

function booked(provider: 'klikoo' | 'doku', result: PurchaseResult) {
  return ledgerOf(provider).purchases.filter((p) => p.reference === result.purchase.partnerReferenceId);
}

function eventKinds(result: PurchaseResult): string[] {
  return rig.terminal.journal.purchaseEvents(result.purchase.id).map((e) => e.kind);
}

async function refusedBeforeJournaling(run: () => Promise<unknown>): Promise<KasirError> {
  const before = rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KasirError);
  expect(rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length).toBe(before);
  return error as KasirError;
}

describe.each(PROVIDERS)('the $provider simulator', ({ provider, pulsa, bill }) => {
  const buy = (suffix: string) => rig.ppob.buy({ productCode: pulsa, customerNo: phone(suffix) });

  it('9901 WAITING then SUCCESS: checked until it succeeds, bought once', async () => {
    const result = await buy('9901');
    expect(result.outcome).toBe('success');
    expect(rig.terminal.journal.purchaseEvents(result.purchase.id).some((e) => e.toState === 'WAITING')).toBe(
      true,
    );
    expect(booked(provider, result).map((p) => p.status)).toEqual(['SUCCESS']);
    expect(result.purchase.sn).toBe(booked(provider, result)[0]?.sn);
  });

  it('9902 WAITING then FAILED: failed, and the deposit held for it is given back', async () => {
    const result = await buy('9902');
    expect(result.outcome).toBe('failed');
    expect(booked(provider, result).map((p) => p.status)).toEqual(['FAILED']);
    expect(unbalancedDeposits(ledgerOf(provider))).toEqual([]);
  });

  it.each([
    ['9903', 'HTTP 500'],
    ['9904', 'a dropped connection'],
    ['9905', 'a malformed body'],
    ['9906', "an answer after the client's timeout"],
  ])('%s bought, then %s: found with its own references, never bought again', async (suffix) => {
    const result = await buy(suffix);
    expect(result.outcome).toBe('success');
    expect(booked(provider, result)).toHaveLength(1);
    expect(result.purchase.transactionId).toBe(booked(provider, result)[0]?.transactionId);
    expect(eventKinds(result)).not.toContain('resend');
  });

  it('9907 duplicate reference: the re-send is refused as a duplicate, and the first purchase is found', async () => {
    const result = await buy('9907');
    expect(result.outcome).toBe('success');
    expect(booked(provider, result)).toHaveLength(1);
    const resent = rig.terminal.journal
      .purchaseEvents(result.purchase.id)
      .filter((e) => e.kind === 'answer')
      .map((e) => e.responseCode);
    expect(resent).toContain(provider === 'klikoo' ? '409026563' : 'IT09');
  });

  it('9908 insufficient deposit: failed with the deposit message, nothing bought', async () => {
    const result = await buy('9908');
    expect(result.outcome).toBe('failed');
    expect(result.failure?.kind).toBe('deposit');
    expect(result.purchase.responseCode).toBe(provider === 'klikoo' ? '422026558' : 'IT08');
    expect(booked(provider, result)).toEqual([]);
  });

  it('9909 bill already paid: refused at inquiry, nothing journaled', async () => {
    const error = await refusedBeforeJournaling(() =>
      rig.ppob.buy({ productCode: bill, customerNo: plnId('9909') }),
    );
    expect(error.code).toBe('PPOB_INQUIRY_REFUSED');
    expect(error.messages.id).toMatch(/sudah dibayar|ditolak/i);
  });

  it('9910 expired bill: refused at inquiry, nothing journaled', async () => {
    const error = await refusedBeforeJournaling(() =>
      rig.ppob.buy({ productCode: bill, customerNo: plnId('9910') }),
    );
    expect(error.code).toBe('PPOB_INQUIRY_REFUSED');
  });

  it('9911 biller temporarily closed: failed, nothing charged', async () => {
    const result = await buy('9911');
    expect(result.outcome).toBe('failed');
    expect(booked(provider, result).every((p) => p.status === 'FAILED')).toBe(true);
    expect(unbalancedDeposits(ledgerOf(provider))).toEqual([]);
  });

  it('9912 refused at once: failed, nothing charged', async () => {
    const result = await buy('9912');
    expect(result.outcome).toBe('failed');
    expect(eventKinds(result)).not.toContain('check');
  });

  it('9913 HTTP 500 before anything was bought: the same reference re-sent buys it once', async () => {
    const result = await buy('9913');
    expect(result.outcome).toBe('success');
    expect(booked(provider, result)).toHaveLength(1);
    expect(eventKinds(result)).toContain('resend');
  });

  it('9914 token expired mid-flow (Klikoo) / plain success (DOKU): bought once', async () => {
    const result = await buy('9914');
    expect(result.outcome).toBe('success');
    expect(booked(provider, result)).toHaveLength(1);
  });

  it('a bill is paid with the amount its inquiry quoted, and then reads as paid', async () => {
    const customerNo = '512345678901';
    const { inquiry } = await rig.ppob.inquiry({ productCode: bill, customerNo });
    expect(inquiry.customerName).toBe('BUDI SANTOSO');
    expect(inquiry.amount).toBe(24_750_000n);
    const result = await rig.ppob.buy({ productCode: bill, customerNo, inquiry: inquiry.reference });
    expect(result.outcome).toBe('success');
    expect(result.purchase.buyPrice).toBe(24_750_000n);
    const again = await refusedBeforeJournaling(() => rig.ppob.inquiry({ productCode: bill, customerNo }));
    expect(again.code).toBe('PPOB_INQUIRY_REFUSED');
  });

  it('the books balance after every fault', () => {
    expect(unbalancedDeposits(ledgerOf(provider))).toEqual([]);
  });
});

it('the fault table has a test for every row', () => {
  expect(PPOB_FAULT_TABLE.map((row) => row.suffix)).toEqual(
    Array.from({ length: 14 }, (_, i) => `99${String(i + 1).padStart(2, '0')}`),
  );
});
