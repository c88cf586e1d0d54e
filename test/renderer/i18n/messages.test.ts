import { describe, expect, it } from 'vitest';
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
