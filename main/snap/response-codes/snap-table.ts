// The SNAP BI case table ("Daftar Response Code", specs/snap-qr-cpm-api.txt), one row per HTTP status
// and case code; a case applies to any service. Messages and descriptions are verbatim, typos and
// placeholders included ("Cardholer", "{field name}", "[reason]"), because support matches on them.
//
// Actions are read as answers to a payment (service 60; docs/architecture.md, "What an answer means"): the question is always "could
// the money have moved, and what makes it safe to try again?".
import type { ResponseCodeAction, SnapCategory } from './vocabulary';

export interface SnapCaseRow {
  httpStatus: number;
  caseCode: string;
  category: SnapCategory;
  message: string;
  description: string;
  action: ResponseCodeAction;
}

/** The SNAP service codes, named as the spec's "Name API" lines name them. */
export const SNAP_SERVICE_NAMES: Readonly<Record<string, string>> = {
  '73': 'Access Token B2B',
  '74': 'Access Token B2B2C',
  '59': 'Generate QR CPM',
  '60': 'CPM Payment',
  '61': 'Query Payment',
  '62': 'Cancel Payment',
  '79': 'Payment Notify',
  '80': 'Refund Payment',
};

// 403/404/405 all say "not processed, and sending it again will not change that": stop and show the
// reason. Business declines and System refusals (OTP, routing, cut-off) alike: a CPM QR is short-lived,
// so "try later" is a new payment with a new QR, not a retry of this one.
const declined = 'stop' satisfies ResponseCodeAction;

// biome-ignore format: one row per line reads like the spec's table
export const SNAP_CASES: readonly SnapCaseRow[] = [
  // The table files 202 under "Success"; we call it in-progress so nobody hands over goods on it.
  { httpStatus: 200, caseCode: '00', category: 'success', message: 'Successful', description: 'Successful', action: 'done' },
  { httpStatus: 202, caseCode: '00', category: 'in-progress', message: 'Request In Progress', description: 'Transaction still on process', action: 'query' },

  // 400: we sent something malformed and nothing was processed; resending it unchanged cannot help.
  { httpStatus: 400, caseCode: '00', category: 'system', message: 'Bad Request', description: 'General request failed error, including message parsing failed.', action: 'fix-input' },
  { httpStatus: 400, caseCode: '01', category: 'message', message: 'Invalid Field Format {field name}', description: 'Invalid format', action: 'fix-input' },
  { httpStatus: 400, caseCode: '02', category: 'message', message: 'Invalid Mandatory Field {field name}', description: 'Missing or invalid format on mandatory field', action: 'fix-input' },

  // 401xx00 lists unknown client, missing key, failed client-secret check, forbidden API (and a bad
  // signature lands here): configuration that a fresh token cannot fix, so stop instead of looping
  // through the token endpoint. The token cases (01–04) are what re-authenticating is for; the
  // request was not processed, so re-sending the same references after a new token is safe.
  { httpStatus: 401, caseCode: '00', category: 'system', message: 'Unauthorized. [reason]', description: 'General unauthorized error (No Interface Def, API is Invalid, Oauth Failed, Verify Client Secret Fail, Client Forbidden Access API, Unknown Client, Key not Found)', action: 'stop' },
  { httpStatus: 401, caseCode: '01', category: 'system', message: 'Invalid Token (B2B)', description: 'Token found in request is invalid (Access Token Not Exist, Access Token Expiry)', action: 're-authenticate' },
  { httpStatus: 401, caseCode: '02', category: 'system', message: 'Invalid Customer Token', description: 'Token found in request is invalid (Access Token Not Exist, Access Token Expiry)', action: 're-authenticate' },
  { httpStatus: 401, caseCode: '03', category: 'system', message: 'Token Not Found (B2B)', description: 'Token not found in the system. This occurs on any API that requires token as input parameter', action: 're-authenticate' },
  { httpStatus: 401, caseCode: '04', category: 'system', message: 'Customer Token Not Found', description: 'Token not found in the system. This occurs on any API that requires token as input parameter', action: 're-authenticate' },

  { httpStatus: 403, caseCode: '00', category: 'business', message: 'Transaction Expired', description: 'Transaction expired', action: declined },
  { httpStatus: 403, caseCode: '01', category: 'system', message: 'Feature Not Allowed [Reason]', description: 'This merchant is not allowed to call Direct Debit APIs', action: declined },
  { httpStatus: 403, caseCode: '02', category: 'business', message: 'Exceeds Transaction Amount Limit', description: 'Exceeds Transaction Amount Limit', action: declined },
  { httpStatus: 403, caseCode: '03', category: 'business', message: 'Suspected Fraud', description: 'Suspected Fraud', action: declined },
  // A frequency limit on the customer's account, not our rate limit (that is 429): stop.
  { httpStatus: 403, caseCode: '04', category: 'business', message: 'Activity Count Limit Exceeded', description: 'Too many request, Exceeds Transaction Frequency Limit', action: declined },
  { httpStatus: 403, caseCode: '05', category: 'business', message: 'Do Not Honor', description: 'Account or User status is abnormal', action: declined },
  { httpStatus: 403, caseCode: '06', category: 'system', message: 'Feature Not Allowed At This Time. [reason]', description: 'Cut off In Progress', action: declined },
  { httpStatus: 403, caseCode: '07', category: 'business', message: 'Card Blocked', description: 'The payment card is blocked', action: declined },
  { httpStatus: 403, caseCode: '08', category: 'business', message: 'Card Expired', description: 'The payment card is expired', action: declined },
  { httpStatus: 403, caseCode: '09', category: 'business', message: 'Dormant Account', description: 'The account is dormant', action: declined },
  { httpStatus: 403, caseCode: '10', category: 'business', message: 'Need To Set Token Limit', description: 'Need to set token limit', action: declined },
  { httpStatus: 403, caseCode: '11', category: 'system', message: 'OTP Blocked', description: 'OTP has been blocked', action: declined },
  { httpStatus: 403, caseCode: '12', category: 'system', message: 'OTP Lifetime Expired', description: 'OTP has been expired', action: declined },
  { httpStatus: 403, caseCode: '13', category: 'system', message: 'OTP Sent To Cardholer', description: 'initiates request OTP to the issuer', action: declined },
  { httpStatus: 403, caseCode: '14', category: 'business', message: 'Insufficient Funds', description: 'Insufficient Funds', action: declined },
  { httpStatus: 403, caseCode: '15', category: 'business', message: 'Transaction Not Permitted.[reason]', description: 'Transaction Not Permitted', action: declined },
  { httpStatus: 403, caseCode: '16', category: 'business', message: 'Suspend Transaction', description: 'Suspend Transaction', action: declined },
  { httpStatus: 403, caseCode: '17', category: 'business', message: 'Token Limit Exceeded', description: 'Purchase amount exceeds the token limit set prior', action: declined },
  { httpStatus: 403, caseCode: '18', category: 'business', message: 'Inactive Card/Account/Customer', description: 'Indicates inactive account', action: declined },
  { httpStatus: 403, caseCode: '19', category: 'business', message: 'Merchant Blacklisted', description: 'Merchant is suspended from calling any APIs', action: declined },
  { httpStatus: 403, caseCode: '20', category: 'business', message: 'Merchant Limit Exceed', description: 'Merchant aggregated purchase amount on that day exceeds the agreed limit', action: declined },
  { httpStatus: 403, caseCode: '21', category: 'business', message: 'Set Limit Not Allowed', description: 'Set limit not allowed on particular token', action: declined },
  { httpStatus: 403, caseCode: '22', category: 'business', message: 'Token Limit Invalid', description: 'The token limit desired by the merchant is not within the agreed range between the merchant and the Issuer', action: declined },
  { httpStatus: 403, caseCode: '23', category: 'business', message: 'Account Limit Exceed', description: 'Account aggregated purchase amount on that day exceeds the agreed limit', action: declined },

  // 404xx01 answering a query right after a lost payment answer may only mean "not landed yet"
  // (docs/architecture.md, "What an answer means"): the payment engine owns that timing rule; the code on its own says "not there".
  { httpStatus: 404, caseCode: '00', category: 'business', message: 'Invalid Transaction Status', description: 'Invalid transaction status', action: declined },
  { httpStatus: 404, caseCode: '01', category: 'business', message: 'Transaction Not Found', description: 'Transaction not found', action: declined },
  { httpStatus: 404, caseCode: '02', category: 'system', message: 'Invalid Routing', description: 'Invalid Routing', action: declined },
  { httpStatus: 404, caseCode: '03', category: 'system', message: 'Bank Not Supported By Switch', description: 'Bank not supported by switch', action: declined },
  { httpStatus: 404, caseCode: '04', category: 'business', message: 'Transaction Cancelled', description: 'Transaction is cancelled by customer', action: declined },
  { httpStatus: 404, caseCode: '05', category: 'business', message: 'Merchant Is Not Registered For Card Registration Services', description: 'Merchant is not registered for Card Registration services', action: declined },
  { httpStatus: 404, caseCode: '06', category: 'system', message: 'Need To Request OTP', description: 'Need to request OTP', action: declined },
  { httpStatus: 404, caseCode: '07', category: 'system', message: 'Journey Not Found', description: 'The journeyID cannot be found in the system', action: declined },
  { httpStatus: 404, caseCode: '08', category: 'business', message: 'Invalid Merchant', description: 'Merchant does not exist or status abnormal', action: declined },
  { httpStatus: 404, caseCode: '09', category: 'business', message: 'No Issuer', description: 'No issuer', action: declined },
  { httpStatus: 404, caseCode: '10', category: 'system', message: 'Invalid API Transition', description: 'Invalid API transition within a journey', action: declined },
  { httpStatus: 404, caseCode: '11', category: 'business', message: 'Invalid Card/Account/Customer [info]/Virtual Account', description: 'Card information may be invalid, or the card account may be blacklisted, or Virtual Account number maybe invalid.', action: declined },
  { httpStatus: 404, caseCode: '12', category: 'business', message: 'Invalid Bill/Virtual Account [Reason]', description: 'The bill is blocked/ suspended/not found.\nVirtual account is suspend/not found.', action: declined },
  { httpStatus: 404, caseCode: '13', category: 'business', message: 'Invalid Amount', description: "The amount doesn't match with what supposed to", action: declined },
  { httpStatus: 404, caseCode: '14', category: 'business', message: 'Paid Bill', description: 'The bill has been paid', action: declined },
  { httpStatus: 404, caseCode: '15', category: 'system', message: 'Invalid OTP', description: 'OTP is incorrect', action: declined },
  { httpStatus: 404, caseCode: '16', category: 'business', message: 'Partner Not Found', description: "Partner number can't be found", action: declined },
  { httpStatus: 404, caseCode: '17', category: 'business', message: 'Invalid Terminal', description: 'Terminal does not exist in the system', action: declined },
  // The spec itself says: for a QR CPM payment, consider it failed.
  {
    httpStatus: 404,
    caseCode: '18',
    category: 'business',
    message: 'Inconsistent Request',
    description: [
      'Inconsistent request parameter found for the same partner reference number/transaction id',
      'It can be considered as failed in transfer debit, but it should be considered as success in transfer credit.',
      'Considered as success:',
      '- Transfer credit = (i) Intrabank transfer; (ii) Interbank transfer; (iii) RTGS transfer; (iv) SKNBI transfer;',
      '- Virtual account = (i) Payment VA; (ii) Payment to VA;',
      '- Transfer debit = (i) Refund payment; (ii) Void;',
      'Considered as failed:',
      '- Transfer credit = (i) Transfer to OTC;',
      '- Transfer debit = (i) Direct debit payment; (ii) QR CPM payment; (iii) Auth payment; (iv) Capture;',
    ].join('\n'),
    action: declined,
  },
  { httpStatus: 404, caseCode: '19', category: 'business', message: 'Invalid Bill/Virtual Account', description: 'The bill is expired.\nVirtual account is expired.', action: declined },

  { httpStatus: 405, caseCode: '00', category: 'system', message: 'Requested Function Is Not Supported', description: 'Requested function is not supported', action: declined },
  { httpStatus: 405, caseCode: '01', category: 'business', message: 'Requested Opearation Is Not Allowed', description: 'Requested operation to cancel/refund transaction Is not allowed at this time.', action: declined },

  // 409xx00: only the X-EXTERNAL-ID collided, the request was not processed: re-send with a new one.
  // 409xx01: this partnerReferenceNo was processed before; re-sending could only duplicate: query.
  { httpStatus: 409, caseCode: '00', category: 'system', message: 'Conflict', description: 'Cannot use same X-EXTERNAL-ID in same day', action: 'retry' },
  { httpStatus: 409, caseCode: '01', category: 'system', message: 'Duplicate partnerReferenceNo', description: 'Transaction has previously been processed indicates the same partnerReferenceNo already success', action: 'query' },
  // Rate-limited before processing: wait, then re-send the same references.
  { httpStatus: 429, caseCode: '00', category: 'system', message: 'Too Many Requests', description: 'Maximum transaction limit exceeded', action: 'retry' },

  // A server error or an issuer timeout may come after the money moved: the outcome is unknown, and
  // only a query may settle it (500xx01 says "retry", but a blind retry is how payments double).
  { httpStatus: 500, caseCode: '00', category: 'system', message: 'General Error', description: 'General Error', action: 'query' },
  { httpStatus: 500, caseCode: '01', category: 'system', message: 'Internal Server Error', description: 'Unknown Internal Server Failure, Please retry the process again', action: 'query' },
  { httpStatus: 500, caseCode: '02', category: 'system', message: 'External Server Error', description: 'Backend system failure, etc', action: 'query' },
  { httpStatus: 504, caseCode: '00', category: 'system', message: 'Timeout', description: 'timeout from the issuer', action: 'query' },
];
