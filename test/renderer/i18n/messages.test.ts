import { describe, expect, it } from 'vitest';
import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from '../../../preload/contract/payment-states';
import { refundTone } from '../../../renderer/src/components/status';
import { translate } from '../../../renderer/src/i18n';
import { en, id, type MessageKey } from '../../../renderer/src/i18n/messages';

const placeholders = (message: unknown): string[] =>
  [...new Set(JSON.stringify(message).match(/\{\w+\}/g) ?? [])].sort();

describe('the cashier-facing words', () => {
  it('has every key in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const key of Object.keys(id) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
    }
  });

  it('says "1 payment" and "2 payments" in English, and "1 pembayaran" in Indonesian', () => {
    expect(translate('en', 'history.count', { count: 1 })).toBe('1 payment');
    expect(translate('en', 'history.count', { count: 2 })).toBe('2 payments');
    expect(translate('en', 'history.count', { count: 0 })).toBe('0 payments');
    expect(translate('id', 'history.count', { count: 1 })).toBe('1 pembayaran');
    expect(translate('en', 'report.refundCount', { count: 1 })).toBe('1 refund');
    expect(translate('en', 'form.errorSummary', { count: 1 })).toBe(
      '1 field needs fixing; the cursor moved to it.',
    );
  });

  it('gives every message with a count a plural form in English', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      if (placeholders(en[key]).includes('{count}')) expect(typeof en[key], key).toBe('object');
    }
  });
});

describe('the names of states', () => {
  it('has words for every payment and refund state, in both languages', () => {
    const keys = [
      ...PAYMENT_STATE_NAMES.map((state) => `state.${state}`),
      ...REFUND_STATE_NAMES.map((state) => `refundState.${state}`),
    ];
    for (const key of keys) {
      expect(id, key).toHaveProperty([key]);
      expect(en, key).toHaveProperty([key]);
    }
  });

  it('keeps amber for refunds not known yet: a supervisor’s decision on a refund is final', () => {
    expect(REFUND_STATE_NAMES.filter((state) => refundTone(state) === 'wait')).toEqual([
      'REFUND_SENDING',
      'REFUND_UNKNOWN',
    ]);
  });
});
