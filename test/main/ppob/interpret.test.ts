// What a provider's code means for a purchase, beyond the table's action: "duplicate" codes say an
// attempt of ours landed (find it), and a duplicate systrace counts as one only after a lost answer.
import { describe, expect, it } from 'vitest';
import { failureOf, isDuplicateCode, verdictOfCode } from '../../../main/ppob/interpret';
import type { DecodedDokuCode, DecodedKlikooCode } from '../../../main/snap/response-codes';
import { decodeResponseCode } from '../../../main/snap/response-codes';

const doku = (code: string) => decodeResponseCode(code, 'doku') as DecodedDokuCode;
const klikoo = (code: string) => decodeResponseCode(code, 'klikoo') as DecodedKlikooCode;

describe('duplicate codes', () => {
  it.each(['IT03', 'U004', 'IT09'])('DOKU %s is a duplicate, first send or not', (code) => {
    expect(isDuplicateCode(doku(code), false)).toBe(true);
    expect(verdictOfCode(doku(code), 'm', { afterLostAnswer: false }).verdict).toBe('duplicate');
  });

  it('DOKU IT06 (duplicate systrace) is "not processed" on a first send, "find out" after a lost answer', () => {
    expect(verdictOfCode(doku('IT06'), 'm', { afterLostAnswer: false })).toMatchObject({
      verdict: 'failed',
      failure: 'closed',
    });
    expect(verdictOfCode(doku('IT06'), 'm', { afterLostAnswer: true }).verdict).toBe('duplicate');
  });

  it('Klikoo 409xx6563 "ReferenceNo sudah digunakan" means already bought: find it', () => {
    expect(
      verdictOfCode(klikoo('409026563'), 'ReferenceNo sudah digunakan', { afterLostAnswer: true }),
    ).toEqual({
      verdict: 'duplicate',
      reason: '409026563 ReferenceNo sudah digunakan',
    });
  });
});

describe('failure kinds', () => {
  it.each([
    ['422026558', 'deposit'],
    ['404027002', 'customer'],
    ['404027011', 'customer'],
    ['404027003', 'refused'],
    ['400026508', 'setup'],
    ['403026571', 'setup'],
    ['422027102', 'refused'],
  ])('Klikoo %s is %s', (code, kind) => {
    expect(failureOf(klikoo(code))).toBe(kind);
  });

  it.each([
    ['IT08', 'deposit'],
    ['SY01', 'deposit'],
    ['SY06', 'closed'],
    ['U003', 'closed'],
    ['U001', 'customer'],
    ['U103', 'customer'],
    ['IT05', 'refused'],
    ['IT01', 'setup'],
    ['IT07', 'setup'],
  ])('DOKU %s is %s', (code, kind) => {
    expect(failureOf(doku(code))).toBe(kind);
  });
});

describe('unknown outcomes', () => {
  it.each([['500028504'], ['503029991']])(
    'Klikoo %s is unknown: the purchase may have gone through',
    (code) => {
      expect(verdictOfCode(klikoo(code), 'm', { afterLostAnswer: false }).verdict).toBe('unknown');
    },
  );

  it('DOKU SY00 is unknown', () => {
    expect(verdictOfCode(doku('SY00'), 'm', { afterLostAnswer: false }).verdict).toBe('unknown');
  });
});
