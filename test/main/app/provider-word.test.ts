import { describe, expect, it } from 'vitest';
import { lastProviderWord, reasonOf } from '../../../main/app/provider-word';
import type { EventRecord } from '../../../main/payments/journal-records';

let nextId = 1;
function event(overrides: Partial<EventRecord>): EventRecord {
  return {
    id: nextId++,
    paymentId: 1,
    operation: 'payment',
    operationId: 1,
    kind: 'answer',
    fromState: null,
    toState: null,
    externalId: null,
    httpStatus: null,
    responseCode: null,
    detail: null,
    providerStatus: null,
    at: Date.UTC(2026, 10, 22, 3, 15, 30),
    ...overrides,
  };
}

describe("why a payment did not go through, in the cashier's words", () => {
  it("reads the engine's query note back into words, the code and note kept as detail", () => {
    expect(reasonOf('2005500', 'query: 06 Failed')).toEqual({
      text: {
        id: 'Penyedia: pembayaran gagal. Pelanggan tidak ditagih.',
        en: 'Provider: the payment failed. The customer was not charged.',
      },
      detail: '2005500 · query: 06 Failed',
    });
  });

  it('gives a decline its own words without repeating the code in them', () => {
    const { text, detail } = reasonOf('4036005', 'Do Not Honor');
    expect(text?.id).toBe('Transaksi ditolak. Jangan serahkan barang.');
    expect(text?.en).not.toContain('4036005');
    expect(detail).toBe('4036005 · Do Not Honor');
  });

  it("blames the till's clock, not the provider's session, for a 401 about the request's time", () => {
    const { text, detail } = reasonOf(
      '4017300',
      null,
      'Unauthorized. X-TIMESTAMP is more than 5 minutes from the server clock',
    );
    expect(text?.id).toContain('jam komputer kasir ini');
    expect(text?.en).toContain('Turn on automatic time sync');
    expect(detail).toBe('4017300');
  });

  it('names a payment the provider never found', () => {
    expect(reasonOf(null, 'not found by two queries after the request timed out').text?.en).toBe(
      'The provider did not find this payment after the time limit. The customer was not charged.',
    );
  });

  it('never shows a note it cannot read as the reason: a plain sentence, the note as detail', () => {
    expect(reasonOf(null, 'something new the engine wrote')).toEqual({
      text: {
        id: 'Penyedia tidak menyetujui pembayaran ini.',
        en: 'The provider did not approve this payment.',
      },
      detail: 'something new the engine wrote',
    });
    expect(reasonOf(null, null)).toEqual({ text: null, detail: null });
  });
});

describe("the provider's last word on a payment", () => {
  it('is the newest status query, with its latestTransactionStatus in words', () => {
    const word = lastProviderWord([
      event({ kind: 'created', toState: 'SENDING' }),
      event({ kind: 'answer', httpStatus: 202, responseCode: '2026000' }),
      event({
        kind: 'query',
        httpStatus: 200,
        responseCode: '2005500',
        providerStatus: '03',
        at: 5,
      }),
    ]);
    expect(word).toMatchObject({
      at: 5,
      kind: 'query',
      responseCode: '2005500',
      transactionStatus: '03',
      meaning: { en: 'Provider: the payment is still pending.' },
      definite: false,
      silentSince: null,
    });
  });

  it("prefers the provider's word on the status to a later answer that says none (a 202)", () => {
    const word = lastProviderWord([
      event({ kind: 'query', httpStatus: 200, responseCode: '2005500', providerStatus: '03', at: 3 }),
      event({ kind: 'answer', httpStatus: 202, responseCode: '2026000', at: 4 }),
    ]);
    expect(word).toMatchObject({ at: 3, transactionStatus: '03' });
  });

  it('says since when the provider stopped answering, and keeps its last real word', () => {
    const word = lastProviderWord([
      event({ kind: 'answer', httpStatus: 202, responseCode: '2026000', at: 1 }),
      event({ kind: 'query', detail: { why: 'query not sent: NETWORK' }, at: 7 }),
      event({ kind: 'query', detail: { why: 'query not sent: NETWORK' }, at: 9 }),
    ]);
    expect(word).toMatchObject({ at: 1, responseCode: '2026000', silentSince: 7 });
  });

  it('calls paid, refunded, cancelled and failed definite, and "not found" not', () => {
    const definite = (status: EventRecord['providerStatus']) =>
      lastProviderWord([event({ kind: 'query', httpStatus: 200, providerStatus: status })])?.definite;
    expect((['00', '04', '05', '06'] as const).map(definite)).toEqual([true, true, true, true]);
    expect((['01', '02', '03', '07'] as const).map(definite)).toEqual([false, false, false, false]);
  });

  it('is null when the provider never said anything', () => {
    expect(
      lastProviderWord([event({ kind: 'created' }), event({ kind: 'query', detail: { why: 'x' } })]),
    ).toBeNull();
  });
});
