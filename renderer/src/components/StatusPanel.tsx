import type { PaymentView } from '../../../preload/contract/payments';
import { walletText } from '../format';
import { useI18n } from '../i18n';
import { Amount } from './Amount';
import { paymentHeadline, paymentTone } from './status';

/**
 * A payment's state as the cashier must read it: headline, amount, what to do now, and why. The
 * provider's raw code is secondary detail, small, for support.
 */
export function StatusPanel({ payment, big = false }: { payment: PaymentView; big?: boolean }) {
  const { t, language } = useI18n();
  const tone = paymentTone(payment);
  const wallet = walletText(payment.wallet);
  return (
    <section
      className={`status-panel tone-${tone}${big ? ' big' : ''}`}
      role="status"
      aria-live="polite"
      data-state={payment.state}
    >
      <div className="status-headline">
        {tone === 'wait' && <span className="spinner" aria-hidden="true" />}
        <span>{t(paymentHeadline(payment.state))}</span>
      </div>
      <Amount minor={payment.amountMinor} className="status-amount" />
      {wallet !== '' && <div className="status-wallet">{wallet}</div>}
      {payment.reason && (
        <p className="status-reason">
          <strong>{t('status.reason')}</strong> {payment.reason[language]}
        </p>
      )}
      <p className="status-message">{payment.message[language]}</p>
      {payment.reasonDetail && (
        <p className="status-detail code" data-testid="reason-detail">
          {t('status.detail')} {payment.reasonDetail}
        </p>
      )}
    </section>
  );
}
