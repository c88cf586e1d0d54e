// The Klikoo B2B response-code table (specs/klikoo-b2b-response-codes.txt): 9 digits, HTTP status (3)
// + service (2) + case (4). The table lists every case with "xx" for the service: a case means the
// same under every service. Messages are verbatim (Bahasa Indonesia, as Klikoo sends them).
import type { ResponseCodeAction } from './vocabulary';

export interface KlikooCaseRow {
  httpStatus: number;
  caseCode: string;
  message: string;
  action: ResponseCodeAction;
}

/** "C. Service Code List". */
export const KLIKOO_SERVICE_NAMES: Readonly<Record<string, string>> = {
  '00': 'Unknown',
  '01': 'Auth',
  '02': 'Transaction',
  '03': 'Account',
  '04': 'Product',
};

// biome-ignore format: one row per line reads like the spec's table
export const KLIKOO_CASES: readonly KlikooCaseRow[] = [
  // 201 "created" answers Buy Product: the purchase exists, and its own `status` (WAITING, SUCCESS,
  // FAILED) says how it ended. The code's part is done; a WAITING status is the caller's to query.
  { httpStatus: 200, caseCode: '2000', message: 'Sukses', action: 'done' },
  { httpStatus: 201, caseCode: '2001', message: 'Berhasil dibuat', action: 'done' },

  // 400: the request was refused as sent (clock, signature, fields, product code): not processed.
  { httpStatus: 400, caseCode: '6505', message: 'Waktu tidak sesuai', action: 'fix-input' },
  { httpStatus: 400, caseCode: '6508', message: 'Signature tidak sesuai', action: 'fix-input' },
  { httpStatus: 400, caseCode: '6510', message: 'Validasi Error', action: 'fix-input' },
  { httpStatus: 400, caseCode: '6512', message: 'Field tidak boleh kosong', action: 'fix-input' },
  { httpStatus: 400, caseCode: '6525', message: 'Produk tidak sesuai', action: 'fix-input' },
  { httpStatus: 400, caseCode: '6568', message: 'UUID tidak sesuai', action: 'fix-input' },
  { httpStatus: 400, caseCode: '6569', message: 'Grant type tidak sesuai', action: 'fix-input' },

  // A bad or expired token is what re-authenticating fixes; wrong credentials are configuration.
  { httpStatus: 401, caseCode: '6500', message: 'Token tidak sesuai', action: 're-authenticate' },
  { httpStatus: 401, caseCode: '6535', message: 'Token kadaluarsa', action: 're-authenticate' },
  { httpStatus: 401, caseCode: '6570', message: 'Kredensial tidak sesuai', action: 'stop' },

  // Account set-up on Klikoo's side (verification, user type, IP whitelist): nothing we can resend.
  { httpStatus: 403, caseCode: '6524', message: 'Butuh verifikasi terlebih dahulu', action: 'stop' },
  { httpStatus: 403, caseCode: '6567', message: 'User type bukan b2b', action: 'stop' },
  { httpStatus: 403, caseCode: '6571', message: 'IP tidak ada di dalam whitelist', action: 'stop' },
  { httpStatus: 403, caseCode: '6572', message: 'User type bukan irs', action: 'stop' },

  // A wrong product or customer number is typed input the cashier can correct; the rest are final.
  { httpStatus: 404, caseCode: '6525', message: 'Produk tidak sesuai', action: 'fix-input' },
  { httpStatus: 404, caseCode: '7001', message: 'Gagal ambil data user', action: 'stop' },
  { httpStatus: 404, caseCode: '7002', message: 'No Customer tidak ditemukan', action: 'fix-input' },
  { httpStatus: 404, caseCode: '7003', message: 'Produk tidak ditemukan', action: 'fix-input' },
  { httpStatus: 404, caseCode: '7005', message: 'Transaksi tidak ditemukan', action: 'stop' },
  { httpStatus: 404, caseCode: '7009', message: 'Akun telah dinonaktifkan atau diblokir, silahkan hubungi customer support terkait.', action: 'stop' },
  { httpStatus: 404, caseCode: '7011', message: 'No pelanggan salah, pastikan nomor yang diinput sesuai', action: 'fix-input' },
  { httpStatus: 404, caseCode: '7012', message: 'Angsuran terakhir, silahkan kunjungi kantor cabang', action: 'stop' },

  // Not in the code table but Buy Product's own failure sample (specs/klikoo-b2b-buy-product.txt): the
  // partner's deposit ("dompet") is too low. Refused before anything was bought.
  { httpStatus: 422, caseCode: '6558', message: 'Dompet tidak cukup', action: 'stop' },

  // The message says "use another reference", but after a lost answer a reused partner_reference_id
  // means our earlier attempt landed: a new reference could buy twice. Query the original.
  { httpStatus: 409, caseCode: '6563', message: 'ReferenceNo sudah digunakan, silahkan gunakan reference_no yang lain', action: 'query' },

  // Server-side failures may happen after the balance moved: the outcome is unknown until queried.
  { httpStatus: 500, caseCode: '8504', message: 'Gagal merubah data ke database', action: 'query' },
  { httpStatus: 500, caseCode: '8505', message: 'Gagal mengambil data dari database', action: 'query' },
  { httpStatus: 500, caseCode: '8601', message: 'Gagal masukan data ke redis', action: 'query' },
  { httpStatus: 500, caseCode: '9975', message: 'Data user belum di set', action: 'query' },
  { httpStatus: 500, caseCode: '9992', message: 'Provider tidak diketahui', action: 'query' },
  { httpStatus: 500, caseCode: '9999', message: 'Harap hubungi admin', action: 'query' },
  // "Not implemented" is refused before anything runs.
  { httpStatus: 501, caseCode: '9976', message: 'Belum di implementasi', action: 'stop' },
  { httpStatus: 503, caseCode: '9991', message: 'Supplier sedang gangguan', action: 'query' },
  // Filed under 503 but it is an amount validation (below minimum plus admin fee): fix the amount.
  { httpStatus: 503, caseCode: '9998', message: 'Jumlah pembayaran harus lebih besar dari jumlah minimum plus biaya admin (jika ada biaya admin)', action: 'fix-input' },
];
