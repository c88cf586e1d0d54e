// The customer-facing panel (sandbox and demo): the amount, the status in the customer's words, and a
// CPM QR generated through service 59 for a test customer, with its expiry countdown. In a shop this
// would face the customer on a second screen; in the sandbox it stands in for the customer's phone.
import type { CustomerQr, PaymentView } from '../../../preload/contract/payments';
import { QrCode } from '../components/QrCode';
import { paymentTone } from '../components/status';
import { formatRupiah, walletText } from '../format';
import { formatCountdown, secondsLeft, useNow } from '../hooks/useNow';
import { useI18n } from '../i18n';

export function CustomerDisplay({
  amountMinor,
  payment,
  qr,
  qrError,
  loading,
  onRefresh,
}: {
  amountMinor: string;
  payment: PaymentView | null;
  qr: CustomerQr | null;
  qrError: string | null;
  loading: boolean;
  onRefresh: () => void;
}) {
  const { t, language } = useI18n();
  const now = useNow(1000, qr !== null);
  const left = qr ? secondsLeft(qr.expiresAt, now) : 0;
  const tone = payment ? paymentTone(payment) : null;
  const customerLine = payment
    ? tone === 'ok'
      ? t('customer.paid')
      : tone === 'bad'
        ? t('customer.notPaid')
        : t('customer.wait')
    : amountMinor === '0'
      ? t('customer.welcome')
      : t('customer.showQr');

  return (
    <aside className="customer-display" aria-label={t('customer.title')}>
      <header className="customer-head">
        <span>{t('customer.title')}</span>
        <span className="customer-tag">{t('customer.demo')}</span>
      </header>
      <div className="customer-total">
        <span>{t('customer.total')}</span>
        <strong data-testid="customer-amount">
          {formatRupiah(payment?.amountMinor ?? amountMinor, language)}
        </strong>
      </div>
      <p className={`customer-line${tone ? ` tone-${tone}` : ''}`} data-testid="customer-status">
        {customerLine}
      </p>
      {!payment && (
        <div className="customer-qr">
          {qr ? (
            <>
              <div className={left === 0 ? 'qr-frame expired' : 'qr-frame'}>
                <QrCode matrix={qr.matrix} maxPx={300} label={t('customer.qrLabel')} />
              </div>
              <p className="qr-caption">{walletText(qr.wallet)}</p>
              <p className="qr-countdown" data-testid="qr-countdown">
                {left > 0 ? t('customer.expiresIn', { time: formatCountdown(left) }) : t('customer.expired')}
              </p>
            </>
          ) : (
            <p className="qr-placeholder">{qrError ?? t('customer.noQr')}</p>
          )}
          <button type="button" className="button" onClick={onRefresh} disabled={loading}>
            <kbd>F6</kbd> {qr ? t('customer.refresh') : t('customer.generate')}
          </button>
        </div>
      )}
    </aside>
  );
}
