// Customer numbers are checked for the product before anything is journaled: the mobile number of
// the product's operator for pulsa and data, the PLN meter or customer id, BPJS's 16 digits.
import { describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { checkCustomerNumber, normalizePhone, operatorOf } from '../../../main/ppob/products';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof KasirError) return `${error.code}: ${error.messages.en}`;
    throw error;
  }
  return 'accepted';
}

const TSEL = { code: 'TSEL10', category: 'pulsa', operator: 'telkomsel' } as const;

describe('mobile numbers', () => {
  it.each([
    ['0812-3456-7890', '081234567890'],
    ['+62 812 3456 7890', '081234567890'],
    ['6281234567890', '081234567890'],
  ])('%s is %s', (typed, number) => {
    expect(normalizePhone(typed)).toBe(number);
    expect(checkCustomerNumber(TSEL, typed)).toBe(number);
  });

  it.each([
    ['081234567890', 'telkomsel'],
    ['085712345678', 'indosat'],
    ['087812345678', 'xl'],
    ['083812345678', 'axis'],
    ['089612345678', 'tri'],
    ['088112345678', 'smartfren'],
  ])('%s is a %s number', (number, operator) => {
    expect(operatorOf(number)).toBe(operator);
  });

  it("refuses another operator's number for an operator's product", () => {
    expect(refusal(() => checkCustomerNumber(TSEL, '085712345678'))).toBe(
      'PPOB_OPERATOR_MISMATCH: 085712345678 is not a telkomsel number (it is indosat); TSEL10 is for telkomsel only.',
    );
  });

  it.each(['0812', '0812345678901234', '08123456789a', '12345678901'])('refuses %s', (number) => {
    expect(refusal(() => checkCustomerNumber(TSEL, number))).toMatch(
      /^PPOB_CUSTOMER_INVALID: .*mobile number 08/,
    );
  });
});

describe('bills and meters', () => {
  it.each([
    ['pln-prepaid', '14234567890', 'accepted'],
    ['pln-prepaid', '142345678901', 'accepted'],
    ['pln-prepaid', '1423456789', /meter number/],
    ['pln-postpaid', '512345678901', 'accepted'],
    ['pln-postpaid', '5123456789', /customer ID \(12 digits\)/],
    ['bpjs', '8888801234567890', 'accepted'],
    ['bpjs', '888880123456', /16 digits/],
    ['pdam', '1234567', 'accepted'],
  ] as const)('%s %s', (category, number, expected) => {
    const result = refusal(() => checkCustomerNumber({ code: 'X', category }, number));
    if (expected === 'accepted') expect(result).toBe('accepted');
    else expect(result).toMatch(expected);
  });
});
