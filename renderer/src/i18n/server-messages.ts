// The merchant server's words on the terminal: the sync badge and the Settings section that enrols
// the terminal. Merged into messages.ts; every key exists in both languages (typed).
export const serverId = {
  'sync.connected': 'Server: tersinkron',
  'sync.sending': 'Server: {n} mengirim',
  'sync.connecting': 'Server: menghubungkan…',
  'sync.offline': 'Server offline · {n} tertunda',
  'sync.refused': 'Server menolak terminal ini',
  'sync.error': 'Sinkronisasi bermasalah',
  'server.title': 'Server merchant',
  'server.intro':
    'Terminal mengirim jurnalnya ke server merchant dan menerima notifikasi penyedia lewat server itu. Pembayaran tetap berjalan tanpa server.',
  'server.url': 'Alamat server',
  'server.urlHint': 'Contoh: https://kasir.tokoanda.id',
  'server.code': 'Kode pendaftaran',
  'server.codeHint': 'Kode sekali pakai dari back office server (Terminal → Daftarkan terminal).',
  'server.enrol': 'Daftarkan terminal',
  'server.enrolled': 'Terdaftar di {server} sebagai {shop} / {label}.',
  'server.notEnrolled': 'Terminal ini belum terdaftar di server merchant.',
  'server.pending': '{n} catatan jurnal belum terkirim.',
  'server.forget': 'Lepaskan dari server',
  'server.done': 'Terminal terdaftar.',
} as const;

export const serverEn: Record<keyof typeof serverId, string> = {
  'sync.connected': 'Server: in sync',
  'sync.sending': 'Server: sending {n}',
  'sync.connecting': 'Server: connecting…',
  'sync.offline': 'Server offline · {n} pending',
  'sync.refused': 'The server refuses this terminal',
  'sync.error': 'Sync needs attention',
  'server.title': 'Merchant server',
  'server.intro':
    "The terminal sends its journal to the merchant server and receives the provider's notifications through it. Payments work without the server too.",
  'server.url': 'Server address',
  'server.urlHint': 'For example: https://kasir.yourshop.id',
  'server.code': 'Enrolment code',
  'server.codeHint': "The one-time code from the server's back office (Terminals → Enrol a terminal).",
  'server.enrol': 'Enrol this terminal',
  'server.enrolled': 'Enrolled with {server} as {shop} / {label}.',
  'server.notEnrolled': 'This terminal is not enrolled with a merchant server.',
  'server.pending': '{n} journal entries not sent yet.',
  'server.forget': 'Forget the server',
  'server.done': 'Terminal enrolled.',
};
