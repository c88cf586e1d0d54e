// Every row of the three response-code tables in specs/, typed here from the spec text (not read from
// the implementation's tables), with the action each row must lead to.
import { describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import type { ResponseCodeAction, ResponseCodeFamily } from '../../../main/snap/response-codes';
import {
  decodedResponseCodeSchema,
  decodeResponseCode,
  detectResponseCodeFamily,
  messageFor,
} from '../../../main/snap/response-codes';

function formatErrorOf(run: () => unknown): KasirError {
  try {
    run();
  } catch (error) {
    if (error instanceof KasirError) return error;
    throw error;
  }
  throw new Error('expected a KasirError, nothing was thrown');
}

// specs/snap-qr-cpm-api.txt "Daftar Response Code", each case shown under service 60 (CPM Payment):
// [code, category, action, Response Message, Description]
// biome-ignore format: one row per line, like the spec's table
const SNAP_ROWS: [string, string, ResponseCodeAction, string, string][] = [
  ['2006000', 'success', 'done', 'Successful', 'Successful'],
  ['2026000', 'in-progress', 'query', 'Request In Progress', 'Transaction still on process'],
  ['4006000', 'system', 'fix-input', 'Bad Request', 'General request failed error, including message parsing failed.'],
  ['4006001', 'message', 'fix-input', 'Invalid Field Format {field name}', 'Invalid format'],
  ['4006002', 'message', 'fix-input', 'Invalid Mandatory Field {field name}', 'Missing or invalid format on mandatory field'],
  ['4016000', 'system', 'stop', 'Unauthorized. [reason]', 'General unauthorized error (No Interface Def, API is Invalid, Oauth Failed, Verify Client Secret Fail, Client Forbidden Access API, Unknown Client, Key not Found)'],
  ['4016001', 'system', 're-authenticate', 'Invalid Token (B2B)', 'Token found in request is invalid (Access Token Not Exist, Access Token Expiry)'],
  ['4016002', 'system', 're-authenticate', 'Invalid Customer Token', 'Token found in request is invalid (Access Token Not Exist, Access Token Expiry)'],
  ['4016003', 'system', 're-authenticate', 'Token Not Found (B2B)', 'Token not found in the system. This occurs on any API that requires token as input parameter'],
  ['4016004', 'system', 're-authenticate', 'Customer Token Not Found', 'Token not found in the system. This occurs on any API that requires token as input parameter'],
  ['4036000', 'business', 'stop', 'Transaction Expired', 'Transaction expired'],
  ['4036001', 'system', 'stop', 'Feature Not Allowed [Reason]', 'This merchant is not allowed to call Direct Debit APIs'],
  ['4036002', 'business', 'stop', 'Exceeds Transaction Amount Limit', 'Exceeds Transaction Amount Limit'],
  ['4036003', 'business', 'stop', 'Suspected Fraud', 'Suspected Fraud'],
  ['4036004', 'business', 'stop', 'Activity Count Limit Exceeded', 'Too many request, Exceeds Transaction Frequency Limit'],
  ['4036005', 'business', 'stop', 'Do Not Honor', 'Account or User status is abnormal'],
  ['4036006', 'system', 'stop', 'Feature Not Allowed At This Time. [reason]', 'Cut off In Progress'],
  ['4036007', 'business', 'stop', 'Card Blocked', 'The payment card is blocked'],
  ['4036008', 'business', 'stop', 'Card Expired', 'The payment card is expired'],
  ['4036009', 'business', 'stop', 'Dormant Account', 'The account is dormant'],
  ['4036010', 'business', 'stop', 'Need To Set Token Limit', 'Need to set token limit'],
  ['4036011', 'system', 'stop', 'OTP Blocked', 'OTP has been blocked'],
  ['4036012', 'system', 'stop', 'OTP Lifetime Expired', 'OTP has been expired'],
  ['4036013', 'system', 'stop', 'OTP Sent To Cardholer', 'initiates request OTP to the issuer'],
  ['4036014', 'business', 'stop', 'Insufficient Funds', 'Insufficient Funds'],
  ['4036015', 'business', 'stop', 'Transaction Not Permitted.[reason]', 'Transaction Not Permitted'],
  ['4036016', 'business', 'stop', 'Suspend Transaction', 'Suspend Transaction'],
  ['4036017', 'business', 'stop', 'Token Limit Exceeded', 'Purchase amount exceeds the token limit set prior'],
  ['4036018', 'business', 'stop', 'Inactive Card/Account/Customer', 'Indicates inactive account'],
  ['4036019', 'business', 'stop', 'Merchant Blacklisted', 'Merchant is suspended from calling any APIs'],
  ['4036020', 'business', 'stop', 'Merchant Limit Exceed', 'Merchant aggregated purchase amount on that day exceeds the agreed limit'],
  ['4036021', 'business', 'stop', 'Set Limit Not Allowed', 'Set limit not allowed on particular token'],
  ['4036022', 'business', 'stop', 'Token Limit Invalid', 'The token limit desired by the merchant is not within the agreed range between the merchant and the Issuer'],
  ['4036023', 'business', 'stop', 'Account Limit Exceed', 'Account aggregated purchase amount on that day exceeds the agreed limit'],
  ['4046000', 'business', 'stop', 'Invalid Transaction Status', 'Invalid transaction status'],
  ['4046001', 'business', 'stop', 'Transaction Not Found', 'Transaction not found'],
  ['4046002', 'system', 'stop', 'Invalid Routing', 'Invalid Routing'],
  ['4046003', 'system', 'stop', 'Bank Not Supported By Switch', 'Bank not supported by switch'],
  ['4046004', 'business', 'stop', 'Transaction Cancelled', 'Transaction is cancelled by customer'],
  ['4046005', 'business', 'stop', 'Merchant Is Not Registered For Card Registration Services', 'Merchant is not registered for Card Registration services'],
  ['4046006', 'system', 'stop', 'Need To Request OTP', 'Need to request OTP'],
  ['4046007', 'system', 'stop', 'Journey Not Found', 'The journeyID cannot be found in the system'],
  ['4046008', 'business', 'stop', 'Invalid Merchant', 'Merchant does not exist or status abnormal'],
  ['4046009', 'business', 'stop', 'No Issuer', 'No issuer'],
  ['4046010', 'system', 'stop', 'Invalid API Transition', 'Invalid API transition within a journey'],
  ['4046011', 'business', 'stop', 'Invalid Card/Account/Customer [info]/Virtual Account', 'Card information may be invalid, or the card account may be blacklisted, or Virtual Account number maybe invalid.'],
  ['4046012', 'business', 'stop', 'Invalid Bill/Virtual Account [Reason]', 'The bill is blocked/ suspended/not found.\nVirtual account is suspend/not found.'],
  ['4046013', 'business', 'stop', 'Invalid Amount', 'The amount doesn\'t match with what supposed to'],
  ['4046014', 'business', 'stop', 'Paid Bill', 'The bill has been paid'],
  ['4046015', 'system', 'stop', 'Invalid OTP', 'OTP is incorrect'],
  ['4046016', 'business', 'stop', 'Partner Not Found', 'Partner number can\'t be found'],
  ['4046017', 'business', 'stop', 'Invalid Terminal', 'Terminal does not exist in the system'],
  ['4046018', 'business', 'stop', 'Inconsistent Request', 'Inconsistent request parameter found for the same partner reference number/transaction id\nIt can be considered as failed in transfer debit, but it should be considered as success in transfer credit.\nConsidered as success:\n- Transfer credit = (i) Intrabank transfer; (ii) Interbank transfer; (iii) RTGS transfer; (iv) SKNBI transfer;\n- Virtual account = (i) Payment VA; (ii) Payment to VA;\n- Transfer debit = (i) Refund payment; (ii) Void;\nConsidered as failed:\n- Transfer credit = (i) Transfer to OTC;\n- Transfer debit = (i) Direct debit payment; (ii) QR CPM payment; (iii) Auth payment; (iv) Capture;'],
  ['4046019', 'business', 'stop', 'Invalid Bill/Virtual Account', 'The bill is expired.\nVirtual account is expired.'],
  ['4056000', 'system', 'stop', 'Requested Function Is Not Supported', 'Requested function is not supported'],
  ['4056001', 'business', 'stop', 'Requested Opearation Is Not Allowed', 'Requested operation to cancel/refund transaction Is not allowed at this time.'],
  ['4096000', 'system', 'retry', 'Conflict', 'Cannot use same X-EXTERNAL-ID in same day'],
  ['4096001', 'system', 'query', 'Duplicate partnerReferenceNo', 'Transaction has previously been processed indicates the same partnerReferenceNo already success'],
  ['4296000', 'system', 'retry', 'Too Many Requests', 'Maximum transaction limit exceeded'],
  ['5006000', 'system', 'query', 'General Error', 'General Error'],
  ['5006001', 'system', 'query', 'Internal Server Error', 'Unknown Internal Server Failure, Please retry the process again'],
  ['5006002', 'system', 'query', 'External Server Error', 'Backend system failure, etc'],
  ['5046000', 'system', 'query', 'Timeout', 'timeout from the issuer'],
];

describe('SNAP response codes: every row of the case table', () => {
  it('has all 63 rows of the spec', () => {
    expect(SNAP_ROWS).toHaveLength(63);
  });

  it.each(SNAP_ROWS)('%s is %s, action %s: %s', (code, category, action, message, description) => {
    expect(decodeResponseCode(code)).toEqual({
      family: 'snap',
      code,
      httpStatus: Number(code.slice(0, 3)),
      service: { code: '60', name: 'CPM Payment' },
      caseCode: code.slice(5),
      message,
      description,
      category,
      known: true,
      action,
    });
  });
});

describe('SNAP response codes: services and unlisted codes', () => {
  it.each([
    ['2007300', '73', 'Access Token B2B'],
    ['2007400', '74', 'Access Token B2B2C'],
    ['2005900', '59', 'Generate QR CPM'],
    ['2006000', '60', 'CPM Payment'],
    ['2006100', '61', 'Query Payment'],
    ['2006200', '62', 'Cancel Payment'],
    ['2007900', '79', 'Payment Notify'],
    ['2008000', '80', 'Refund Payment'],
  ])('%s names service %s "%s"', (code, serviceCode, name) => {
    expect(decodeResponseCode(code)).toMatchObject({
      service: { code: serviceCode, name },
      message: 'Successful',
    });
  });

  it('applies a case to any service: 4017301 is Invalid Token (B2B) on the token service', () => {
    expect(decodeResponseCode('4017301')).toMatchObject({
      service: { code: '73', name: 'Access Token B2B' },
      message: 'Invalid Token (B2B)',
      action: 're-authenticate',
    });
  });

  it('decodes an unknown service code with a null service name and the case still known', () => {
    expect(decodeResponseCode('4039914')).toMatchObject({
      service: { code: '99', name: null },
      message: 'Insufficient Funds',
      known: true,
      action: 'stop',
    });
  });

  it('decodes a well-formed code the table does not list as unknown, without a message', () => {
    const decoded = decodeResponseCode('4036099');
    expect(decoded).toEqual({
      family: 'snap',
      code: '4036099',
      httpStatus: 403,
      service: { code: '60', name: 'CPM Payment' },
      caseCode: '99',
      message: null,
      category: 'unknown',
      known: false,
      action: 'stop',
    });
  });

  it.each([
    ['2006099', 'query', 'an unlisted 2xx is not a definite success'],
    ['2026001', 'query', 'in progress'],
    ['4006003', 'fix-input', '400 refused what we sent'],
    ['4016005', 're-authenticate', 'a 401 token case'],
    ['4096002', 'query', 'a conflict may mean "already processed"'],
    ['4296001', 'retry', 'rate-limited before processing'],
    ['4186000', 'stop', 'another 4xx refusal'],
    ['5026000', 'query', 'a 5xx outcome is unknown'],
    ['5036001', 'query', 'a 5xx outcome is unknown'],
    ['3026000', 'query', 'an unexpected status'],
  ])('an unlisted %s leads to %s (%s)', (code, action) => {
    expect(decodeResponseCode(code)).toMatchObject({ known: false, message: null, action });
  });

  it('keeps 202 Request In Progress apart from success', () => {
    expect(decodeResponseCode('2026000')).toMatchObject({ category: 'in-progress', action: 'query' });
  });
});

// specs/klikoo-b2b-response-codes.txt "B. Response Code Format", each case shown under service 02
// (Transaction): [code, category (from the HTTP status), action, Response Message]
// biome-ignore format: one row per line, like the spec's table
const KLIKOO_ROWS: [string, string, ResponseCodeAction, string][] = [
  ['200022000', 'success', 'done', 'Sukses'],
  ['201022001', 'success', 'done', 'Berhasil dibuat'],
  ['400026505', 'bad-request', 'fix-input', 'Waktu tidak sesuai'],
  ['400026508', 'bad-request', 'fix-input', 'Signature tidak sesuai'],
  ['400026510', 'bad-request', 'fix-input', 'Validasi Error'],
  ['400026512', 'bad-request', 'fix-input', 'Field tidak boleh kosong'],
  ['400026525', 'bad-request', 'fix-input', 'Produk tidak sesuai'],
  ['400026568', 'bad-request', 'fix-input', 'UUID tidak sesuai'],
  ['400026569', 'bad-request', 'fix-input', 'Grant type tidak sesuai'],
  ['401026500', 'unauthorized', 're-authenticate', 'Token tidak sesuai'],
  ['401026535', 'unauthorized', 're-authenticate', 'Token kadaluarsa'],
  ['401026570', 'unauthorized', 'stop', 'Kredensial tidak sesuai'],
  ['403026524', 'forbidden', 'stop', 'Butuh verifikasi terlebih dahulu'],
  ['403026567', 'forbidden', 'stop', 'User type bukan b2b'],
  ['403026571', 'forbidden', 'stop', 'IP tidak ada di dalam whitelist'],
  ['403026572', 'forbidden', 'stop', 'User type bukan irs'],
  ['404026525', 'not-found', 'fix-input', 'Produk tidak sesuai'],
  ['404027001', 'not-found', 'stop', 'Gagal ambil data user'],
  ['404027002', 'not-found', 'fix-input', 'No Customer tidak ditemukan'],
  ['404027003', 'not-found', 'fix-input', 'Produk tidak ditemukan'],
  ['404027005', 'not-found', 'stop', 'Transaksi tidak ditemukan'],
  ['404027009', 'not-found', 'stop', 'Akun telah dinonaktifkan atau diblokir, silahkan hubungi customer support terkait.'],
  ['404027011', 'not-found', 'fix-input', 'No pelanggan salah, pastikan nomor yang diinput sesuai'],
  ['404027012', 'not-found', 'stop', 'Angsuran terakhir, silahkan kunjungi kantor cabang'],
  // Not in the code table: Buy Product's failure sample (specs/klikoo-b2b-buy-product.txt).
  ['422026558', 'client-error', 'stop', 'Dompet tidak cukup'],
  ['409026563', 'conflict', 'query', 'ReferenceNo sudah digunakan, silahkan gunakan reference_no yang lain'],
  ['500028504', 'server-error', 'query', 'Gagal merubah data ke database'],
  ['500028505', 'server-error', 'query', 'Gagal mengambil data dari database'],
  ['500028601', 'server-error', 'query', 'Gagal masukan data ke redis'],
  ['500029975', 'server-error', 'query', 'Data user belum di set'],
  ['500029992', 'server-error', 'query', 'Provider tidak diketahui'],
  ['500029999', 'server-error', 'query', 'Harap hubungi admin'],
  ['501029976', 'not-implemented', 'stop', 'Belum di implementasi'],
  ['503029991', 'service-unavailable', 'query', 'Supplier sedang gangguan'],
  ['503029998', 'service-unavailable', 'fix-input', 'Jumlah pembayaran harus lebih besar dari jumlah minimum plus biaya admin (jika ada biaya admin)'],
];

describe('Klikoo B2B response codes: every row of the table', () => {
  it("has all 34 rows of the code table and Buy Product's failure sample", () => {
    expect(KLIKOO_ROWS).toHaveLength(35);
  });

  it.each(KLIKOO_ROWS)('%s is %s, action %s: %s', (code, category, action, message) => {
    expect(decodeResponseCode(code)).toEqual({
      family: 'klikoo',
      code,
      httpStatus: Number(code.slice(0, 3)),
      service: { code: '02', name: 'Transaction' },
      caseCode: code.slice(5),
      message,
      category,
      known: true,
      action,
    });
  });
});

describe('Klikoo B2B response codes: services and unlisted codes', () => {
  it.each([
    ['200002000', '00', 'Unknown'],
    ['200012000', '01', 'Auth'],
    ['200022000', '02', 'Transaction'],
    ['200032000', '03', 'Account'],
    ['200042000', '04', 'Product'],
  ])('%s names service %s "%s"', (code, serviceCode, name) => {
    expect(decodeResponseCode(code)).toMatchObject({
      service: { code: serviceCode, name },
      message: 'Sukses',
    });
  });

  it('decodes the Buy Product sample answer 201022001 as Berhasil dibuat', () => {
    expect(decodeResponseCode('201022001')).toMatchObject({
      service: { code: '02', name: 'Transaction' },
      caseCode: '2001',
      message: 'Berhasil dibuat',
      action: 'done',
    });
  });

  it("decodes the spec's own example 401010001 (Auth, case 0001) although the table does not list it", () => {
    expect(decodeResponseCode('401010001')).toEqual({
      family: 'klikoo',
      code: '401010001',
      httpStatus: 401,
      service: { code: '01', name: 'Auth' },
      caseCode: '0001',
      message: null,
      category: 'unauthorized',
      known: false,
      action: 're-authenticate',
    });
  });

  it('decodes an unknown service code with a null service name', () => {
    expect(decodeResponseCode('404097003')).toMatchObject({
      service: { code: '09', name: null },
      message: 'Produk tidak ditemukan',
      known: true,
    });
  });

  it('tells the same case apart by HTTP status: 6525 under 400 and under 404', () => {
    expect(decodeResponseCode('400046525')).toMatchObject({ category: 'bad-request', known: true });
    expect(decodeResponseCode('404046525')).toMatchObject({ category: 'not-found', known: true });
  });

  it('queries after an unlisted 5xx', () => {
    expect(decodeResponseCode('502020000')).toMatchObject({
      category: 'server-error',
      known: false,
      action: 'query',
    });
  });
});

// specs/doku-biller-response-codes.txt, success codes and categories U0/U1, IT, SY:
// [code, category, action, State column (undefined where the spec leaves it empty), Message, Description]
// biome-ignore format: one row per line, like the spec's table
const DOKU_ROWS: [string, string, ResponseCodeAction, string[] | undefined, string, string | undefined][] = [
  ['0000', 'success', 'done', ['Payment', 'Inquiry', 'Advice'], 'Success', 'The server successfully processed the request, and the response contains the requested data or confirmation of the action performed.'],
  ['5586', 'in-progress', 'query', ['Payment'], 'Transaction on process/pending. hit advice to get final status transaction.', 'The transaction is pending; the partner will receive a callback or must send an advice request to obtain the transaction status.'],
  ['U000', 'user-error', 'fix-input', ['Inquiry', 'Payment'], 'Invalid billing id/phone number.', 'User fault, user need to re-input the billing number.'],
  ['U001', 'user-error', 'stop', ['Inquiry'], 'Bill already paid.', 'The billing number entered by the user does not have any outstanding charges.'],
  ['U002', 'user-error', 'stop', ['Inquiry'], 'Blocked billing ID, please contact your billing provider.', undefined],
  ['U003', 'user-error', 'retry', ['Payment'], 'Billing cut off time, transaction cannot proceed. Please try again later.', undefined],
  ['U004', 'user-error', 'query', ['Payment'], 'Duplicate Transaction, Please try with another customer biller', 'User submit transaction with the same id pelanggan / phone number in the same time.'],
  ['U101', 'user-error', 'stop', ['Inquiry', 'Payment'], 'Tagihan Sudah Dibayar melalui CA lain', 'Specifically for the LPL biller, for bills with response code 27, where the bill has already been paid elsewhere either after the inquiry or before the inquiry.'],
  ['U102', 'user-error', 'stop', ['Inquiry', 'Payment'], 'Tagihan Sudah Kadaluwarsa/Expired', 'Specifically for the LPL biller, for bills with response code 02, where the bill has already expired.'],
  ['U103', 'user-error', 'stop', ['Payment'], 'Exceed limit KWh.', 'The purchased kWh amount has reached the maximum limit for the month. Each customer ID has a different maximum limit. For more details, please contact PLN 123.'],
  ['IT01', 'integration-error', 'fix-input', ['Inquiry', 'Payment', 'Advice'], 'Invalid parameter [ParamName] request.', 'There is a formatting error in the parameter input, such as incorrect date or amount format.'],
  ['IT02', 'integration-error', 'fix-input', undefined, 'Inquiry not found, please check inquiryid and customer_id from inquiry.', undefined],
  ['IT03', 'integration-error', 'query', ['Payment'], 'Inquiry ID already paid.', 'Inquiry ID that has already been paid before, to avoid double payment with the same inquiry request.'],
  ['IT04', 'integration-error', 'fix-input', ['Payment'], 'Payment amount not equal with inquiry response.', 'The amount at the time of payment differs from the amount in the inquiry result.'],
  ['IT05', 'integration-error', 'stop', ['Inquiry'], 'Unregistered / Inactive product.', 'The requested Biller ID / Product ID is not registered or inactive.'],
  ['IT06', 'integration-error', 'retry', ['Inquiry'], 'Duplicate systrace.', 'The same Systrace cannot be sent in two different requests.'],
  ['IT07', 'integration-error', 'stop', ['Inquiry'], 'IP not registered.', 'IP’s partner not registered in DOKU Biller.'],
  ['IT08', 'integration-error', 'stop', ['Payment'], 'Insufficient partners deposit balance', 'The partner\'s deposit balance is insufficient; the partner is required to top up the balance to proceed with the transaction.'],
  ['IT09', 'integration-error', 'query', ['Inquiry', 'Payment'], 'Duplicate Request ID, please check your system', undefined],
  ['SY00', 'system-error', 'query', ['Inquiry', 'Payment', 'Advice'], 'Internal server error', 'Doku\'s system is under maintenance.'],
  ['SY01', 'system-error', 'stop', ['Payment'], 'Insufficient deposit balance', 'Doku\'s deposit balance in biller is insufficient.'],
  ['SY06', 'system-error', 'retry', undefined, 'Temporary error from biller, please try again.', 'The product temporary close or biller system is under maintenance.'],
];

describe('DOKU Biller response codes: every row of the table', () => {
  it('has all 22 rows of the spec', () => {
    expect(DOKU_ROWS).toHaveLength(22);
  });

  it.each(DOKU_ROWS)('%s is %s, action %s', (code, category, action, states, message, description) => {
    expect(decodeResponseCode(code)).toEqual({
      family: 'doku',
      code,
      httpStatus: null,
      service: null,
      caseCode: code.slice(2),
      message,
      ...(description === undefined ? {} : { description }),
      category,
      ...(states === undefined ? {} : { states }),
      known: true,
      action,
    });
  });
});

describe('DOKU Biller response codes: categories and unlisted codes', () => {
  it('says explicitly that a DOKU code has no HTTP status and no service', () => {
    const json = JSON.parse(JSON.stringify(decodeResponseCode('U001'))) as Record<string, unknown>;
    expect(json).toMatchObject({ httpStatus: null, service: null });
  });

  it.each([
    ['U099', 'user-error', 'stop'],
    ['U199', 'user-error', 'stop'],
    ['IT99', 'integration-error', 'stop'],
    ['SY99', 'system-error', 'query'],
    ['UE01', 'unmapped', 'query'],
    ['1234', 'unknown', 'query'],
    ['U200', 'unknown', 'query'],
  ])('an unlisted %s is %s, action %s', (code, category, action) => {
    expect(decodeResponseCode(code)).toMatchObject({ category, action, known: false, message: null });
  });
});

describe('family detection and malformed codes', () => {
  it.each([
    ['2006000', 'snap'],
    ['201022001', 'klikoo'],
    ['U001', 'doku'],
    ['0000', 'doku'],
  ])('detects %s as %s by its length', (code, family) => {
    expect(detectResponseCodeFamily(code)).toBe(family);
    expect(decodeResponseCode(code).family).toBe(family);
  });

  it('decodes with the family given even where the length would say the same', () => {
    expect(decodeResponseCode('0000', 'doku')).toMatchObject({ family: 'doku', message: 'Success' });
  });

  it.each([
    ['', undefined],
    ['200600', undefined],
    ['20060000', undefined],
    ['20102200100', undefined],
    ['200600A', undefined],
    ['2006 00', undefined],
    ['0006000', undefined],
    ['u001', undefined],
    ['U-01', undefined],
    ['20102200X', undefined],
    ['2006000', 'klikoo'],
    ['201022001', 'snap'],
    ['2006000', 'doku'],
  ] as [string, ResponseCodeFamily | undefined][])(
    'refuses %j (family %s) with RESPONSE_CODE_FORMAT',
    (code, family) => {
      const error = formatErrorOf(() => decodeResponseCode(code, family));
      expect(error.code).toBe('RESPONSE_CODE_FORMAT');
    },
  );

  it('says in both languages which shapes a response code may have', () => {
    const error = formatErrorOf(() => decodeResponseCode('12345'));
    expect(error.messages.en).toBe(
      '"12345" is not a valid response code: expected 7 digits (SNAP), 9 digits (Klikoo) or 4 characters (DOKU Biller).',
    );
    expect(error.messages.id).toBe(
      '"12345" bukan kode respons yang valid: seharusnya 7 digit (SNAP), 9 digit (Klikoo) atau 4 karakter (DOKU Biller).',
    );
  });

  it("names the given family's shape when the code does not fit it", () => {
    const error = formatErrorOf(() => decodeResponseCode('2006000', 'klikoo'));
    expect(error.messages.en).toContain(
      'a Klikoo code is 9 digits, HTTP status (3) + service (2) + case (4)',
    );
  });

  it('quotes only the start of a long input (a pasted QR or body)', () => {
    const pasted = `hQVDUFYwMWETTwegAAAAVVVVVVBQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJ${'A'.repeat(200)}`;
    const error = formatErrorOf(() => decodeResponseCode(pasted));
    expect(error.messages.en).toContain('"hQVDUFYwMWETTwegAAAAVVVV…"');
    expect(error.messages.en).not.toContain(pasted.slice(0, 30));
  });
});

describe('the decoded object', () => {
  it.each(['4036014', '201022001', 'U001'])('%s keeps its key order through the schema', (code) => {
    const decoded = decodeResponseCode(code);
    expect(JSON.stringify(decodedResponseCodeSchema.parse(decoded))).toBe(JSON.stringify(decoded));
  });

  it.each(['2006000', '4036099', '201022001', '401010001', 'U001', 'UE01'])(
    '%s matches the exported schema',
    (code) => {
      expect(decodedResponseCodeSchema.parse(decodeResponseCode(code))).toEqual(decodeResponseCode(code));
    },
  );
});

describe('cashier messages', () => {
  it('says success only for a definite success', () => {
    expect(messageFor('2006000')).toEqual({ id: 'Berhasil.', en: 'Successful.' });
  });

  it('names a decline the customer can act on: insufficient funds', () => {
    expect(messageFor('4036014')).toEqual({
      id: 'Saldo pelanggan tidak cukup. Gunakan metode pembayaran lain.',
      en: 'Insufficient funds. Use another payment method.',
    });
  });

  it('tells the cashier to hold the goods while the outcome is unknown', () => {
    expect(messageFor('5046000')).toEqual({
      id: 'Status belum pasti (kode 5046000); sedang dicek. Jangan serahkan barang dulu.',
      en: 'Outcome not known yet (code 5046000); checking. Do not hand over the goods yet.',
    });
  });

  it('gives the code with a generic decline so support can look it up', () => {
    expect(messageFor('IT07').en).toBe('Transaction declined (code IT07). Do not hand over the goods.');
  });

  it('accepts an already decoded code', () => {
    expect(messageFor(decodeResponseCode('404046525'))).toEqual(messageFor('404046525', 'klikoo'));
  });
});
