// Every row of the Klikoo B2B and DOKU Biller response-code tables, answered by the simulators to a
// real buy over HTTP, and what the purchase engine does with it: a refusal fails the purchase with
// nothing bought; "unknown" codes are found out with the same reference (re-sent once the provider
// confirms it has nothing); a "duplicate" code is never followed by another send; a refused token
// is refreshed once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseResult } from '../../../main/ppob/purchase-engine';
import { DOKU_CASES } from '../../../main/snap/response-codes/doku-table';
import { KLIKOO_CASES } from '../../../main/snap/response-codes/klikoo-table';
import type { PpobRig } from './support';
import { startPpobRig } from './support';

const forced = new Map<string, string>();
let rig: PpobRig;
beforeAll(async () => {
  rig = await startPpobRig({
    sim: {
      forcedCode: (customerNo) => {
        const code = forced.get(customerNo);
        forced.delete(customerNo);
        return code;
      },
    },
    policy: { settleMs: 2_500 },
  });
});
afterAll(async () => {
  await rig.close();
});

type Expected = 'failed' | 'found-after-resend' | 'unresolved-never-resent' | 'success';

let next = 0;
/** A fresh Telkomsel number for each row (one open purchase per product and number). */
const number = () => `0812${String(7_000_000 + next++)}`;

async function buyAnswered(productCode: string, code: string): Promise<PurchaseResult> {
  const customerNo = number();
  forced.set(customerNo, code);
  return rig.ppob.buy({ productCode, customerNo });
}

function books(provider: 'klikoo' | 'doku', result: PurchaseResult) {
  const ledger = provider === 'klikoo' ? rig.ppobSandbox.klikoo.ledger : rig.ppobSandbox.doku.ledger;
  return ledger.snapshot().purchases.filter((p) => p.reference === result.purchase.partnerReferenceId);
}

function expectPath(provider: 'klikoo' | 'doku', result: PurchaseResult, expected: Expected): void {
  const kinds = rig.terminal.journal.purchaseEvents(result.purchase.id).map((e) => e.kind);
  switch (expected) {
    case 'failed':
      expect(result.outcome).toBe('failed');
      expect(books(provider, result)).toEqual([]);
      expect(kinds).not.toContain('resend');
      return;
    case 'found-after-resend':
      expect(result.outcome).toBe('success');
      expect(books(provider, result)).toHaveLength(1);
      expect(kinds).toContain('resend');
      return;
    case 'unresolved-never-resent':
      expect(result.outcome).toBe('unresolved');
      expect(kinds).not.toContain('resend');
      expect(books(provider, result)).toEqual([]);
      return;
    case 'success':
      expect(result.outcome).toBe('success');
      expect(books(provider, result)).toHaveLength(1);
      expect(kinds).not.toContain('resend');
  }
}

const KLIKOO_ROWS = KLIKOO_CASES.map((row) => {
  const code = `${row.httpStatus}02${row.caseCode}`;
  const expected: Expected =
    row.action === 'done'
      ? // A success code without its data proves nothing.
        'found-after-resend'
      : row.action === 'query'
        ? code === '409026563'
          ? 'unresolved-never-resent'
          : 'found-after-resend'
        : row.action === 're-authenticate'
          ? 'success'
          : 'failed';
  return { code, action: row.action, message: row.message, expected };
});

const DOKU_ROWS = DOKU_CASES.map((row) => {
  const expected: Expected =
    row.action === 'done' || row.code === '5586'
      ? 'success'
      : ['U004', 'IT03', 'IT09'].includes(row.code)
        ? 'unresolved-never-resent'
        : row.action === 'query'
          ? 'found-after-resend'
          : 'failed';
  return { code: row.code, action: row.action, message: row.message, expected };
});

describe('Klikoo B2B: every row of the code table answering a buy', () => {
  it.each(KLIKOO_ROWS)('$code ($action, $message): $expected', async ({ code, expected }) => {
    expectPath('klikoo', await buyAnswered('TSEL10', code), expected);
  });

  it("422xx6558 is the deposit's refusal, with the cashier's words for it", async () => {
    const result = await buyAnswered('TSEL10', '422026558');
    expect(result.failure?.kind).toBe('deposit');
    expect(result.failure?.message.id).toMatch(/deposit/i);
  });
});

describe('DOKU Biller: every row of the code table answering a payment', () => {
  it.each(DOKU_ROWS)('$code ($action, $message): $expected', async ({ code, expected }) => {
    expectPath('doku', await buyAnswered('PULSA-TSEL-10', code), expected);
  });

  it.each([
    ['U001', 'customer', /sudah dibayar/],
    ['U102', 'customer', /kedaluwarsa/],
    ['U103', 'customer', /kWh/],
    ['IT08', 'deposit', /deposit/i],
    ['SY01', 'deposit', /saldo DOKU/i],
    ['SY06', 'closed', /coba lagi nanti/i],
    ['U003', 'closed', /cut-off/],
  ])("%s fails as %s, in the cashier's Bahasa Indonesia", async (code, kind, words) => {
    const result = await buyAnswered('PULSA-TSEL-10', code);
    expect(result.purchase.responseCode).toBe(code);
    expect(result.failure?.kind).toBe(kind);
    expect(result.failure?.message.id).toMatch(words);
  });
});
