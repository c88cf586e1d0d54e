import type { PaymentView, RefundView } from '../../../preload/contract/payments';
import type { PurchaseView } from '../../../preload/contract/ppob';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { Modal } from './Modal';
import { paymentHeadline, paymentTone, purchaseTone, refundStateLabel, refundTone } from './status';

/**
 * A dialog whose action is no longer needed because the payment (or the refund) settled: its outcome,
 * what that means for the action (`note`), and what to do now; only a close button.
 */
export function SettledDialog({
  title,
  settled,
  note,
  testId,
  onClose,
}: {
  title: string;
  settled: { payment: PaymentView } | { refund: RefundView } | { purchase: PurchaseView };
  note: string;
  testId: string;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const [state, tone, headline, message] =
    'payment' in settled
      ? [
          settled.payment.state,
          paymentTone(settled.payment),
          paymentHeadline(settled.payment.state),
          settled.payment.message,
        ]
      : 'refund' in settled
        ? [
            settled.refund.state,
            refundTone(settled.refund.state),
            refundStateLabel(settled.refund.state),
            settled.refund.message,
          ]
        : [
            settled.purchase.state,
            purchaseTone(settled.purchase),
            `ppob.headline.${settled.purchase.state}` as MessageKey,
            settled.purchase.message,
          ];
  return (
    <Modal title={title} onClose={onClose}>
      <div className={`settled-note tone-${tone}`} role="alert" data-testid={testId} data-state={state}>
        <strong>{t(headline)}</strong>
        <p>{note}</p>
        <p>{message[language]}</p>
      </div>
      <div className="actions">
        <button type="button" className="button primary" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
    </Modal>
  );
}
