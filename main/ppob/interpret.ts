// What a provider's code means for a purchase (docs/architecture.md, "PPOB"): every row of the Klikoo
// and DOKU Biller tables, read through the decoder's action (main/snap/response-codes.ts), becomes
// one of success / waiting / failed / duplicate / unknown. Two rules sit on top of the table:
// - "duplicate" codes (the reference, request id, systrace or inquiry was used) mean an earlier
//   attempt of ours landed: find it, never "failed" and never buy again under a new reference;
// - a refusal after a lost answer may be the refusal of a repeat: the engine keeps finding out.

import type { Minor } from '../money/amount';
import type { DecodedDokuCode, DecodedKlikooCode, DecodedResponseCode } from '../snap/response-codes';
import { failureMessage } from './messages';
import type { FailureKind, InquiryOutcome, PurchaseVerdict } from './provider';

/**
 * Codes that, for a purchase, say "this was used already". IT06 (a duplicate systrace) is "retry" in
 * DOKU's table, which is right for a first send; after a lost answer the systrace may be our own.
 */
export function isDuplicateCode(decoded: DecodedResponseCode, afterLostAnswer: boolean): boolean {
  if (decoded.family === 'klikoo') return decoded.httpStatus === 409 && decoded.caseCode === '6563';
  if (decoded.family === 'doku') {
    if (['IT03', 'U004', 'IT09'].includes(decoded.code)) return true;
    return afterLostAnswer && decoded.code === 'IT06';
  }
  return false;
}

/** The failure kind of a definite refusal. */
export function failureOf(decoded: DecodedKlikooCode | DecodedDokuCode): FailureKind {
  if (decoded.family === 'doku') {
    if (decoded.code === 'IT08' || decoded.code === 'SY01') return 'deposit';
    if (decoded.code === 'U003' || decoded.code === 'SY06' || decoded.code === 'IT06') return 'closed';
    if (decoded.category === 'user-error') return 'customer';
    if (decoded.code === 'IT05') return 'refused';
    return decoded.category === 'integration-error' ? 'setup' : 'refused';
  }
  const key = `${decoded.httpStatus}${decoded.caseCode}`;
  if (key === '4226558') return 'deposit';
  if (['4047002', '4047011', '4047012'].includes(key)) return 'customer';
  if (['4046525', '4047003', '4047005', '5039998'].includes(key)) return 'refused';
  if (decoded.httpStatus === 503) return 'closed';
  if ([400, 401, 403, 501].includes(decoded.httpStatus) || key === '4047001' || key === '4047009')
    return 'setup';
  return 'refused';
}

/**
 * A buy answer's code, read for a purchase. `done` codes need the answer's own status, which the
 * caller reads; here they are "unknown" until it does.
 */
export function verdictOfCode(
  decoded: DecodedKlikooCode | DecodedDokuCode,
  message: string,
  options: { afterLostAnswer: boolean },
): PurchaseVerdict {
  const reason = `${decoded.code} ${message}`.trim();
  if (isDuplicateCode(decoded, options.afterLostAnswer)) return { verdict: 'duplicate', reason };
  switch (decoded.action) {
    case 'done':
    case 'query':
      return { verdict: 'unknown', reason };
    case 'retry':
    case 'fix-input':
    case 'stop':
    case 're-authenticate':
      return { verdict: 'failed', failure: failureOf(decoded), reason };
  }
}

/** One field an answer may name: what it says, what the purchase holds (null: not known yet), and how it reads. */
export type NamedField = readonly [
  field: string,
  named: string | undefined,
  ours: string | null,
  read?: (named: string) => string,
];

/**
 * The first field an answer names that is not the purchase's, as `field value`; undefined when all it
 * names agree. Read before the answer's code (an answer about another purchase proves nothing about
 * ours, a refusal no more than a success). A field the answer leaves out names nothing.
 */
export function fieldMismatch(fields: readonly NamedField[]): string | undefined {
  for (const [field, named, ours, read = (value: string) => value] of fields) {
    if (named !== undefined && ours !== null && read(named) !== ours) return `${field} ${named}`;
  }
  return undefined;
}

/** The cashier's words for a definite refusal. */
export function refusalMessage(decoded: DecodedKlikooCode | DecodedDokuCode) {
  return failureMessage(failureOf(decoded), decoded);
}

/**
 * An inquiry that brought no quote: the provider's refusal (a bill paid or expired, a wrong number) is
 * "refused"; no answer, or a code whose table action is "query", is "unknown".
 */
export function inquiryNotQuoted(
  providerLabel: string,
  outcome:
    | { kind: 'answer'; responseCode: string; decoded: DecodedKlikooCode | DecodedDokuCode; raw: string }
    | { kind: 'unknown'; responseCode?: string | undefined; raw?: string | undefined },
  why: string,
  /** What a refusal names, when it names anything: another customer or product is not this one's refusal. */
  names?: { asked: QuoteAsked; answered: QuoteNamed | undefined },
): InquiryOutcome {
  const mismatch = names?.answered === undefined ? undefined : quoteMismatch(names.asked, names.answered);
  if (mismatch !== undefined) return mismatchedQuote(providerLabel, outcome, mismatch);
  if (outcome.kind === 'answer' && outcome.decoded.action !== 'query') {
    return {
      ok: false,
      kind: 'refused',
      responseCode: outcome.responseCode,
      message: refusalMessage(outcome.decoded),
      raw: outcome.raw,
    };
  }
  return {
    ok: false,
    kind: 'unknown',
    ...(outcome.responseCode === undefined ? {} : { responseCode: outcome.responseCode }),
    message: {
      id: `${providerLabel} tidak memberi jawaban inquiry yang dapat dipakai (${why}). Coba lagi sebentar lagi.`,
      en: `${providerLabel} gave no usable inquiry answer (${why}). Try again shortly.`,
    },
    ...(outcome.raw === undefined ? {} : { raw: outcome.raw }),
  };
}

/** An inquiry answer naming another customer, product or total: no usable answer, whatever its code. */
export function mismatchedQuote(
  providerLabel: string,
  outcome: { responseCode?: string | undefined; raw?: string | undefined },
  mismatch: string,
): InquiryOutcome {
  return inquiryNotQuoted(
    providerLabel,
    { kind: 'unknown', responseCode: outcome.responseCode, raw: outcome.raw },
    `the answer names ${mismatch}`,
  );
}

type QuoteAsked = { customerNo: string; productCode: string };
type QuoteNamed = { customerNo?: string | undefined; productCode?: string | undefined };

/**
 * Why an inquiry answer cannot be the quote for what was asked: it names another customer number or
 * product, or its total is not its bill plus its fee. Such an answer proves nothing about this bill,
 * and charging it would charge the customer a bill that is not theirs. A refusal is read the same
 * way: one naming another customer or product is not this customer's refusal. A field the answer
 * leaves out (a refusal's may) names nothing.
 */
export function quoteMismatch(
  asked: QuoteAsked,
  answered: QuoteNamed & { amounts?: { bill: Minor; adminFee: Minor; total: Minor } | undefined },
): string | undefined {
  const named = fieldMismatch([
    ['customer', answered.customerNo, asked.customerNo],
    ['product', answered.productCode, asked.productCode],
  ]);
  if (named !== undefined) return named;
  const amounts = answered.amounts;
  if (amounts !== undefined && amounts.bill + amounts.adminFee !== amounts.total) {
    return `a total of ${amounts.total} minor units for a bill of ${amounts.bill} and a fee of ${amounts.adminFee}`;
  }
  return undefined;
}
