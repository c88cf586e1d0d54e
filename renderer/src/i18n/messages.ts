// Cashier-facing words. Bahasa Indonesia first; every key must exist in both languages (typed).
import { settingsEn, settingsId } from '../screens/settings/messages';
import { cashierEn, cashierId } from './cashier-messages';
export const id = {
  ...cashierId,
  ...settingsId,
  'app.name': 'Kasir CPM',
  'nav.checkout': 'Kasir',
  'nav.history': 'Riwayat',
  'nav.report': 'Laporan',
  'nav.settings': 'Pengaturan',
  'banner.sandbox': 'SANDBOX — mode uji coba, tidak ada uang sungguhan',
  'lang.switch': 'English',
  'screen.comingSoon': 'Layar ini sedang disiapkan.',
  'app.loading': 'Memuat…',
  'app.coreError': 'Tidak bisa terhubung ke inti aplikasi. Tutup dan buka kembali aplikasi.',
} as const;

export type MessageKey = keyof typeof id;

export const en: Record<MessageKey, string> = {
  ...cashierEn,
  ...settingsEn,
  'app.name': 'Kasir CPM',
  'nav.checkout': 'Checkout',
  'nav.history': 'History',
  'nav.report': 'Report',
  'nav.settings': 'Settings',
  'banner.sandbox': 'SANDBOX — test mode, no real money',
  'lang.switch': 'Bahasa Indonesia',
  'screen.comingSoon': 'This screen is being prepared.',
  'app.loading': 'Loading…',
  'app.coreError': 'Cannot reach the app core. Close and reopen the app.',
};

export const dictionaries = { id, en } as const;
