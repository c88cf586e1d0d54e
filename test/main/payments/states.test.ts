import { describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { CANCEL_MESSAGES, PAYMENT_MESSAGES, REFUND_MESSAGES } from '../../../main/payments/messages';
import type { PaymentState } from '../../../main/payments/states';
import {
  assertCancelTransition,
  assertPaymentTransition,
  assertRefundTransition,
  CANCEL_STATES,
  canTransitionPayment,
  isOpenPaymentState,
  PAYMENT_STATES,
  paymentOutcome,
  REFUND_STATES,
} from '../../../main/payments/states';

const FINAL: PaymentState[] = [
  'PAID',
  'FAILED',
  'CANCELLED',
  'PAID_REFUNDED',
  'MANUAL_PAID',
  'MANUAL_NOT_PAID',
];

describe('the payment state machine', () => {
  it.each([
    ['SENDING', 'PAID'],
    ['SENDING', 'FAILED'],
    ['SENDING', 'UNKNOWN'],
    ['UNKNOWN', 'QUERYING'],
    ['QUERYING', 'PAID'],
    ['QUERYING', 'FAILED'],
    ['QUERYING', 'CANCELLING'],
    ['CANCELLING', 'CANCEL_UNKNOWN'],
    ['CANCEL_UNKNOWN', 'CANCELLED'],
    ['CANCEL_UNKNOWN', 'PAID'],
    ['PAID', 'CANCELLING'],
    ['QUERYING', 'MANUAL_PAID'],
    ['CANCEL_UNKNOWN', 'MANUAL_NOT_PAID'],
  ] as [PaymentState, PaymentState][])('allows %s → %s', (from, to) => {
    expect(() => assertPaymentTransition(from, to)).not.toThrow();
  });

  it.each([
    ['FAILED', 'PAID'],
    ['CANCELLED', 'PAID'],
    ['MANUAL_NOT_PAID', 'PAID'],
    ['PAID', 'FAILED'],
    ['SENDING', 'CANCELLED'],
    ['SENDING', 'SENDING'],
    ['PAID', 'MANUAL_NOT_PAID'],
  ] as [PaymentState, PaymentState][])('refuses %s → %s with ILLEGAL_TRANSITION', (from, to) => {
    expect(() => assertPaymentTransition(from, to)).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
  });

  it('lets nothing leave a final state but a paid one: to a same-day cancel, or refunded by the provider', () => {
    for (const from of FINAL) {
      const exits = PAYMENT_STATES.filter((to) => canTransitionPayment(from, to));
      expect([from, exits]).toEqual([from, from === 'PAID' ? ['CANCELLING', 'PAID_REFUNDED'] : []]);
    }
  });

  it('offers a supervisor decision from every open state, and only from those', () => {
    for (const from of PAYMENT_STATES) {
      expect([from, canTransitionPayment(from, 'MANUAL_PAID')]).toEqual([from, isOpenPaymentState(from)]);
    }
  });

  it('calls only PAID and MANUAL_PAID paid, and every open state unresolved', () => {
    expect(PAYMENT_STATES.filter((s) => paymentOutcome(s) === 'paid')).toEqual(['PAID', 'MANUAL_PAID']);
    expect(PAYMENT_STATES.filter((s) => paymentOutcome(s) === 'unresolved')).toEqual([
      'SENDING',
      'UNKNOWN',
      'QUERYING',
      'CANCELLING',
      'CANCEL_UNKNOWN',
    ]);
  });
});

describe('cancel and refund state machines', () => {
  it('refuses to leave a final cancel or refund state', () => {
    expect(() => assertCancelTransition('CANCEL_ACCEPTED', 'CANCEL_SENDING')).toThrow(KasirError);
    expect(() => assertRefundTransition('REFUNDED', 'REFUND_SENDING')).toThrow(KasirError);
    expect(() => assertRefundTransition('REFUND_FAILED', 'REFUNDED')).toThrow(KasirError);
  });

  it('re-sends a refund only from REFUND_UNKNOWN', () => {
    expect(() => assertRefundTransition('REFUND_UNKNOWN', 'REFUND_SENDING')).not.toThrow();
    expect(() => assertRefundTransition('REFUND_SENDING', 'REFUND_SENDING')).toThrow(KasirError);
  });
});

describe('cashier messages', () => {
  it('gives every state a message in both languages', () => {
    const all = [
      ...PAYMENT_STATES.map((s) => PAYMENT_MESSAGES[s]),
      ...CANCEL_STATES.map((s) => CANCEL_MESSAGES[s]),
      ...REFUND_STATES.map((s) => REFUND_MESSAGES[s]),
    ];
    for (const message of all) {
      expect(message.id.length).toBeGreaterThan(10);
      expect(message.en.length).toBeGreaterThan(10);
    }
  });

  it('says to hand over the goods only on PAID', () => {
    const handOver = PAYMENT_STATES.filter((s) => /^Hand over|\. Hand over/.test(PAYMENT_MESSAGES[s].en));
    expect(handOver).toEqual(['PAID']);
    for (const state of PAYMENT_STATES.filter(isOpenPaymentState)) {
      expect(PAYMENT_MESSAGES[state].en).toMatch(/Do not hand over/);
      expect(PAYMENT_MESSAGES[state].id).toMatch(/Jangan serahkan barang/);
    }
  });
});
