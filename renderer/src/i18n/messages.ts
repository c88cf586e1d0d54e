// Cashier-facing words. Bahasa Indonesia first; every key must exist in both languages (typed). A
// message with a count may have plural forms ({ one, other }); Indonesian needs none.
import { backofficeEn, backofficeId } from '../../backoffice/messages';
import { settingsEn, settingsId } from '../screens/settings/messages';
import { cashierEn, cashierId } from './cashier-messages';
import type { Message } from './message';
import { ppobEn, ppobId } from './ppob-messages';
import { serverEn, serverId } from './server-messages';
export const id = {
  ...cashierId,
  ...ppobId,
  ...settingsId,
  ...serverId,
  ...backofficeId,
  'app.name': 'Kasir CPM',
  'nav.checkout': 'Kasir',
  'nav.history': 'Riwayat',
  'nav.report': 'Laporan',
  'nav.settings': 'Pengaturan',
  'nav.menu': 'Menu utama',
  'banner.sandbox': 'SANDBOX — mode uji coba, tidak ada uang sungguhan',
  'lang.switch': 'English',
  'screen.comingSoon': 'Layar ini sedang disiapkan.',
  'app.loading': 'Memuat…',
  'app.coreError': 'Tidak bisa terhubung ke inti aplikasi. Tutup dan buka kembali aplikasi.',
} as const;

export type MessageKey = keyof typeof id;

export type { Message } from './message';

export const en: Record<MessageKey, Message> = {
  ...cashierEn,
  ...ppobEn,
  ...settingsEn,
  ...serverEn,
  ...backofficeEn,
  'app.name': 'Kasir CPM',
  'nav.checkout': 'Checkout',
  'nav.history': 'History',
  'nav.report': 'Report',
  'nav.settings': 'Settings',
  'nav.menu': 'Main menu',
  'banner.sandbox': 'SANDBOX — test mode, no real money',
  'lang.switch': 'Bahasa Indonesia',
  'screen.comingSoon': 'This screen is being prepared.',
  'app.loading': 'Loading…',
  'app.coreError': 'Cannot reach the app core. Close and reopen the app.',
};

export const dictionaries: Record<'id' | 'en', Record<MessageKey, Message>> = { id, en };
