// The customer-facing panel: the amount, the status in the customer's words and, in the sandbox, a
// CPM QR generated through service 59 for a test customer, with its expiry countdown. Beside the
// checkout in the main window, or full screen on a second monitor (CustomerScreen).
import type { CustomerDisplayState } from '../../../preload/contract/customer';
import { Amount } from '../components/Amount';
import { QrCode } from '../components/QrCode';
import { paymentTone } from '../components/status';
import { walletText } from '../format';
import { formatCountdown, secondsLeft, useNow } from '../hooks/useNow';
import { useViewportHeight } from '../hooks/useViewportHeight';
import { useI18n } from '../i18n';

export function CustomerDisplay({
  state,
  loading = false,
  onRefresh,
  fullScreen = false,
}: {
  state: CustomerDisplayState;
  loading?: boolean;
  /** The F6 button; absent on the customer's own screen, which nobody types at. */
  onRefresh?: () => void;
  fullScreen?: boolean;
}) {
  const { t, language } = useI18n();
  const { payment, qr, qrError, amountMinor, demo } = state;
  // Full screen, the QR takes what the monitor's height leaves beside the amount and the words.
  const height = useViewportHeight(fullScreen);
  const qrPx = fullScreen ? Math.max(200, Math.min(420, Math.floor(height * 0.4))) : 260;
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
    <aside
      className={fullScreen ? 'customer-display full' : 'customer-display'}
      aria-label={t('customer.title')}
      data-tone={tone ?? 'none'}
    >
      <header className="customer-head">
        <span>{t('customer.title')}</span>
        {demo && <span className="customer-tag">{t('customer.demo')}</span>}
      </header>
      <div className="customer-total">
        <span className="customer-total-label">{t('customer.total')}</span>
        <Amount
          minor={payment?.amountMinor ?? amountMinor}
          className="customer-amount"
          testId="customer-amount"
        />
      </div>
      <p
        className={`customer-line${tone ? ` tone-${tone}` : ''}`}
        data-testid="customer-status"
        aria-live="polite"
      >
        {customerLine}
      </p>
      {demo && !payment && (
        <div className="customer-qr">
          {qr ? (
            <>
              <div className={left === 0 ? 'qr-frame expired' : 'qr-frame'}>
                <QrCode matrix={qr.matrix} maxPx={qrPx} label={t('customer.qrLabel')} />
              </div>
              <p className="qr-caption">{walletText(qr.wallet)}</p>
              <p className="qr-countdown" data-testid="qr-countdown">
                {left > 0 ? t('customer.expiresIn', { time: formatCountdown(left) }) : t('customer.expired')}
              </p>
            </>
          ) : (
            <p className="qr-placeholder">{qrError ? qrError[language] : t('customer.noQr')}</p>
          )}
          {onRefresh && (
            <button type="button" className="button" onClick={onRefresh} disabled={loading}>
              <kbd>F6</kbd> {qr ? t('customer.refresh') : t('customer.generate')}
            </button>
          )}
        </div>
      )}
    </aside>
  );
}
