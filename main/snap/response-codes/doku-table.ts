// The DOKU Biller response-code table (specs/doku-biller-response-codes.txt): 4 characters XXYY, XX the
// category, YY the detail. There is no HTTP status or service in the code. Two success codes sit
// outside the XX scheme ("0000", "5586"). Messages and descriptions are verbatim, including the
// spec's own punctuation; "states" is the table's State column (which calls the code may answer),
// absent where the spec leaves it empty (IT02, SY06).
import type { DokuCategory, DokuState, ResponseCodeAction } from './vocabulary';

export interface DokuCaseRow {
  code: string;
  message: string;
  states?: readonly DokuState[];
  description?: string;
  action: ResponseCodeAction;
}

/** The XX category table; "U0 / U1" is one category spelled with two prefixes. */
export const DOKU_CATEGORY_BY_PREFIX: Readonly<Record<string, DokuCategory>> = {
  U0: 'user-error',
  U1: 'user-error',
  IT: 'integration-error',
  SY: 'system-error',
  UE: 'unmapped',
};

/** The two success codes, outside the XX scheme. */
export const DOKU_SUCCESS_CATEGORIES: Readonly<Record<string, DokuCategory>> = {
  '0000': 'success',
  '5586': 'in-progress',
};

// biome-ignore format: one row per line reads like the spec's table
export const DOKU_CASES: readonly DokuCaseRow[] = [
  { code: '0000', message: 'Success', states: ['Payment', 'Inquiry', 'Advice'], description: 'The server successfully processed the request, and the response contains the requested data or confirmation of the action performed.', action: 'done' },
  // Pending: the spec says to send an advice (DOKU's status query) for the final status.
  { code: '5586', message: 'Transaction on process/pending. hit advice to get final status transaction.', states: ['Payment'], description: 'The transaction is pending; the partner will receive a callback or must send an advice request to obtain the transaction status.', action: 'query' },

  { code: 'U000', message: 'Invalid billing id/phone number.', states: ['Inquiry', 'Payment'], description: 'User fault, user need to re-input the billing number.', action: 'fix-input' },
  { code: 'U001', message: 'Bill already paid.', states: ['Inquiry'], description: 'The billing number entered by the user does not have any outstanding charges.', action: 'stop' },
  { code: 'U002', message: 'Blocked billing ID, please contact your billing provider.', states: ['Inquiry'], action: 'stop' },
  // Refused before processing and fine to send again once the cut-off is over.
  { code: 'U003', message: 'Billing cut off time, transaction cannot proceed. Please try again later.', states: ['Payment'], action: 'retry' },
  // Another payment for the same customer number is in flight, possibly our own earlier attempt whose
  // answer was lost: find out before sending anything again.
  { code: 'U004', message: 'Duplicate Transaction, Please try with another customer biller', states: ['Payment'], description: 'User submit transaction with the same id pelanggan / phone number in the same time.', action: 'query' },
  { code: 'U101', message: 'Tagihan Sudah Dibayar melalui CA lain', states: ['Inquiry', 'Payment'], description: 'Specifically for the LPL biller, for bills with response code 27, where the bill has already been paid elsewhere either after the inquiry or before the inquiry.', action: 'stop' },
  { code: 'U102', message: 'Tagihan Sudah Kadaluwarsa/Expired', states: ['Inquiry', 'Payment'], description: 'Specifically for the LPL biller, for bills with response code 02, where the bill has already expired.', action: 'stop' },
  { code: 'U103', message: 'Exceed limit KWh.', states: ['Payment'], description: 'The purchased kWh amount has reached the maximum limit for the month. Each customer ID has a different maximum limit. For more details, please contact PLN 123.', action: 'stop' },

  { code: 'IT01', message: 'Invalid parameter [ParamName] request.', states: ['Inquiry', 'Payment', 'Advice'], description: 'There is a formatting error in the parameter input, such as incorrect date or amount format.', action: 'fix-input' },
  { code: 'IT02', message: 'Inquiry not found, please check inquiryid and customer_id from inquiry.', action: 'fix-input' },
  // "Already paid" for our own inquiry: after a lost answer that is our payment. Query, never re-pay.
  { code: 'IT03', message: 'Inquiry ID already paid.', states: ['Payment'], description: 'Inquiry ID that has already been paid before, to avoid double payment with the same inquiry request.', action: 'query' },
  { code: 'IT04', message: 'Payment amount not equal with inquiry response.', states: ['Payment'], description: 'The amount at the time of payment differs from the amount in the inquiry result.', action: 'fix-input' },
  { code: 'IT05', message: 'Unregistered / Inactive product.', states: ['Inquiry'], description: 'The requested Biller ID / Product ID is not registered or inactive.', action: 'stop' },
  // Only the systrace (a per-request id, like X-EXTERNAL-ID) collided, on an inquiry: send with a new one.
  { code: 'IT06', message: 'Duplicate systrace.', states: ['Inquiry'], description: 'The same Systrace cannot be sent in two different requests.', action: 'retry' },
  { code: 'IT07', message: 'IP not registered.', states: ['Inquiry'], description: 'IP’s partner not registered in DOKU Biller.', action: 'stop' },
  { code: 'IT08', message: 'Insufficient partners deposit balance', states: ['Payment'], description: "The partner's deposit balance is insufficient; the partner is required to top up the balance to proceed with the transaction.", action: 'stop' },
  // Can answer a payment: the duplicate may be our earlier attempt, so query rather than resend.
  { code: 'IT09', message: 'Duplicate Request ID, please check your system', states: ['Inquiry', 'Payment'], action: 'query' },

  // DOKU down mid-payment: the outcome is unknown until an advice says otherwise.
  { code: 'SY00', message: 'Internal server error', states: ['Inquiry', 'Payment', 'Advice'], description: "Doku's system is under maintenance.", action: 'query' },
  { code: 'SY01', message: 'Insufficient deposit balance', states: ['Payment'], description: "Doku's deposit balance in biller is insufficient.", action: 'stop' },
  // The spec asks for a retry; the biller refused the request while closed.
  { code: 'SY06', message: 'Temporary error from biller, please try again.', description: 'The product temporary close or biller system is under maintenance.', action: 'retry' },
];
