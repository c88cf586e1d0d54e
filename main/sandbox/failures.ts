// SNAP-shaped refusals. A handler throws a SnapFailure with the HTTP status and the case code from the
// spec's table; the router adds the endpoint's own service code, so "4006002" and "4008002" come from
// one place and a handler never has to know which service it is answering for.

export class SnapFailure extends Error {
  constructor(
    readonly status: number,
    readonly caseCode: string,
    readonly responseMessage: string,
  ) {
    super(responseMessage);
    this.name = 'SnapFailure';
  }
}

/** Service code used when the path names no service at all (unknown route, unparseable request line). */
export const NO_SERVICE = '00';

export function responseCodeOf(status: number, serviceCode: string, caseCode: string): string {
  return `${status}${serviceCode}${caseCode}`;
}

export const fail = {
  badRequest: (reason = 'Bad Request') => new SnapFailure(400, '00', reason),
  invalidFormat: (field: string) => new SnapFailure(400, '01', `Invalid Field Format ${field}`),
  missingField: (field: string) => new SnapFailure(400, '02', `Invalid Mandatory Field ${field}`),
  unauthorized: (reason: string) => new SnapFailure(401, '00', `Unauthorized. ${reason}`),
  invalidToken: () => new SnapFailure(401, '01', 'Invalid Token (B2B)'),
  invalidCustomerToken: () => new SnapFailure(401, '02', 'Invalid Customer Token'),
  transactionExpired: () => new SnapFailure(403, '00', 'Transaction Expired'),
  doNotHonor: () => new SnapFailure(403, '05', 'Do Not Honor'),
  insufficientFunds: () => new SnapFailure(403, '14', 'Insufficient Funds'),
  transactionNotFound: () => new SnapFailure(404, '01', 'Transaction Not Found'),
  invalidRouting: () => new SnapFailure(404, '02', 'Invalid Routing'),
  invalidMerchant: () => new SnapFailure(404, '08', 'Invalid Merchant'),
  invalidQr: (info: string) => new SnapFailure(404, '11', `Invalid Card/Account/Customer ${info}`),
  invalidAmount: () => new SnapFailure(404, '13', 'Invalid Amount'),
  notSupported: () => new SnapFailure(405, '00', 'Requested Function Is Not Supported'),
  notAllowed: () => new SnapFailure(405, '01', 'Requested Operation Is Not Allowed'),
  externalIdConflict: () => new SnapFailure(409, '00', 'Conflict'),
  duplicateReference: (field = 'partnerReferenceNo') => new SnapFailure(409, '01', `Duplicate ${field}`),
  tooLarge: () => new SnapFailure(413, '00', 'Request Entity Too Large'),
  tooManyRequests: () => new SnapFailure(429, '00', 'Too Many Requests'),
  generalError: () => new SnapFailure(500, '00', 'General Error'),
  internalError: () => new SnapFailure(500, '01', 'Internal Server Error'),
  timeout: () => new SnapFailure(504, '00', 'Timeout'),
} as const;
