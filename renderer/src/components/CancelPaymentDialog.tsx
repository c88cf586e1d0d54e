import type { IpcError } from '../../../preload/contract';
import { formatRupiah } from '../format';
import { useI18n } from '../i18n';
import { type SupervisorApproval, SupervisorDialog } from './SupervisorDialog';

/** A supervisor's approval to cancel (reverse) a payment, with the amount it gives back in view. */
export function CancelPaymentDialog({
  amountMinor,
  onSubmit,
  onClose,
}: {
  amountMinor: string;
  onSubmit: (approval: SupervisorApproval) => Promise<IpcError | null>;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  return (
    <SupervisorDialog
      title={t('cancel.title')}
      confirmLabel={t('cancel.confirm')}
      danger
      onClose={onClose}
      onSubmit={onSubmit}
    >
      <p className="dialog-text">{t('cancel.explain', { amount: formatRupiah(amountMinor, language) })}</p>
    </SupervisorDialog>
  );
}
