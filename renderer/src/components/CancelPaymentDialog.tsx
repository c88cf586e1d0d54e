import { useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { PaymentView } from '../../../preload/contract/payments';
import { formatRupiah } from '../format';
import { useI18n } from '../i18n';
import { SettledDialog } from './SettledDialog';
import { type SupervisorApproval, SupervisorDialog } from './SupervisorDialog';

/** A payment a supervisor may still cancel: one not yet known, or a same-day reversal of a paid one. */
export function isCancellable(payment: PaymentView): boolean {
  return payment.outcome === 'unresolved' || payment.state === 'PAID';
}

/**
 * A supervisor's approval to cancel (reverse) a payment, with the amount it gives back in view. The
 * payment is followed live: if it settles on its own while the dialog is open (an unresolved one
 * becomes PAID or FAILED, a PAID one is refunded elsewhere), the dialog says what happened instead of
 * offering to cancel something other than what the supervisor opened it for.
 */
export function CancelPaymentDialog({
  payment,
  onSubmit,
  onClose,
}: {
  payment: PaymentView;
  onSubmit: (approval: SupervisorApproval) => Promise<IpcError | null>;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  // What the dialog was opened for: a payment not yet known, or the reversal of a paid one.
  const [openedFor] = useState(payment.outcome === 'unresolved' ? 'unresolved' : payment.state);
  const stillSo = openedFor === 'unresolved' ? payment.outcome === 'unresolved' : payment.state === openedFor;
  const amount = formatRupiah(payment.amountMinor, language);
  if (!stillSo || !isCancellable(payment)) {
    return (
      <SettledDialog
        title={t('cancel.title')}
        settled={{ payment }}
        note={t('cancel.settledMeanwhile', { amount })}
        testId="cancel-settled"
        onClose={onClose}
      />
    );
  }
  return (
    <SupervisorDialog
      title={t('cancel.title')}
      confirmLabel={t('cancel.confirm')}
      danger
      onClose={onClose}
      onSubmit={onSubmit}
    >
      <p className="dialog-text">
        {t(payment.state === 'PAID' ? 'cancel.explainPaid' : 'cancel.explain', { amount })}
      </p>
    </SupervisorDialog>
  );
}
