import type { PaymentView } from '../../../preload/contract/payments';
import { useI18n } from '../i18n';
import { Modal } from './Modal';
import { paymentHeadline, paymentTone } from './status';

/**
 * A dialog whose action is no longer needed because the payment settled: its outcome, what that
 * means for the action (`note`), and what to do now; only a close button.
 */
export function SettledDialog({
  title,
  payment,
  note,
  testId,
  onClose,
}: {
  title: string;
  payment: PaymentView;
  note: string;
  testId: string;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  return (
    <Modal title={title} onClose={onClose}>
      <div
        className={`settled-note tone-${paymentTone(payment)}`}
        role="alert"
        data-testid={testId}
        data-state={payment.state}
      >
        <strong>{t(paymentHeadline(payment.state))}</strong>
        <p>{note}</p>
        <p>{payment.message[language]}</p>
      </div>
      <div className="actions">
        <button type="button" className="button primary" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
    </Modal>
  );
}
