// A supervisor settles by hand a refund the provider never settled (its answer lost, the provider
// silent since): the last resort, like the payment's manual decision. The dialog shows the refund and
// the provider's last answer about it, takes the decision (refunded or not), a reason and the PIN.
// Main re-sends the same refund once first: a definite answer settles the refund instead, and the
// dialog then says what the provider settled.
import { useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { RefundResult, RefundView } from '../../../preload/contract/payments';
import { Modal } from '../components/Modal';
import { SupervisorDialog } from '../components/SupervisorDialog';
import { refundStateLabel, refundTone } from '../components/status';
import { formatRupiah, useClock } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';

/** The engine's refusal when its re-send got a definite answer: the provider settled the refund. */
const MANUAL_NOT_NEEDED = 'MANUAL_NOT_NEEDED';

const OUTCOMES: readonly {
  value: 'refunded' | 'not_refunded';
  tone: 'ok' | 'bad';
  label: MessageKey;
  hint: MessageKey;
}[] = [
  { value: 'refunded', tone: 'ok', label: 'refundDecide.refunded', hint: 'refundDecide.refundedHint' },
  {
    value: 'not_refunded',
    tone: 'bad',
    label: 'refundDecide.notRefunded',
    hint: 'refundDecide.notRefundedHint',
  },
];

export function RefundDecisionDialog({
  refund,
  onDone,
  onClose,
}: {
  refund: RefundView;
  onDone: (result: RefundResult) => void;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const clock = useClock();
  const [outcome, setOutcome] = useState<'refunded' | 'not_refunded' | null>(null);
  const [settled, setSettled] = useState<RefundView | null>(null);
  const title = t('refundDecide.title');

  if (settled) {
    return (
      <Modal title={title} onClose={onClose}>
        <section
          className={`refund-result tone-${refundTone(settled.state)}`}
          role="status"
          data-testid="refund-decide-settled"
          data-state={settled.state}
        >
          <strong>
            {t(refundStateLabel(settled.state))} · {formatRupiah(settled.amountMinor, language)}
          </strong>
          <p>{t('refundDecide.settledByProvider')}</p>
          <p>{settled.message[language]}</p>
        </section>
        <div className="actions">
          <button type="button" className="button primary" onClick={onClose}>
            {t('action.close')}
          </button>
        </div>
      </Modal>
    );
  }

  const submit = async (pin: string, reason: string): Promise<IpcError | null> => {
    if (outcome === null) return null;
    const result = await kasir().invoke('refund:decide', { refundId: refund.id, outcome, pin, reason });
    if (!result.ok && result.error.code === MANUAL_NOT_NEEDED) {
      // The re-send got a definite answer: show the refund as the provider settled it.
      const detail = await kasir().invoke('payment:get', { paymentId: refund.paymentId });
      const now = detail.ok ? detail.value.refunds.find((r) => r.id === refund.id) : undefined;
      if (now && now.state !== 'REFUND_UNKNOWN' && now.state !== 'REFUND_SENDING') {
        setSettled(now);
        return null;
      }
    }
    if (!result.ok) return result.error;
    onDone(result.value);
    return null;
  };

  return (
    <SupervisorDialog
      title={title}
      confirmLabel={
        outcome === 'refunded'
          ? t('refundDecide.confirmRefunded')
          : outcome === 'not_refunded'
            ? t('refundDecide.confirmNotRefunded')
            : t('decide.confirm')
      }
      danger={outcome === 'not_refunded'}
      medium
      blocked={outcome === null ? t('refundDecide.chooseFirst') : null}
      onClose={onClose}
      onSubmit={({ pin, reason }) => submit(pin, reason)}
    >
      <p className="dialog-text small-text">{t('refundDecide.explain')}</p>
      <section className="provider-word" data-testid="refund-decide-facts">
        <h4>{t('refundDecide.theRefund')}</h4>
        <p>
          <strong>{formatRupiah(refund.amountMinor, language)}</strong> · {clock.dateTime(refund.createdAt)}
        </p>
        <p className="code small">
          {refund.partnerRefundNo}
          {refund.requestedBy ? ` · ${refund.requestedBy}` : ''}
        </p>
        <h4>{t('decide.lastWord')}</h4>
        <p>
          {refund.responseCode ? (
            <span className="code">{refund.responseCode}</span>
          ) : (
            t('refundDecide.neverAnswered')
          )}
        </p>
        <p className="notice tone-wait">{refund.message[language]}</p>
      </section>
      <fieldset className="choice">
        <legend>{t('decide.outcome')}</legend>
        {OUTCOMES.map((choice) => (
          <label
            key={choice.value}
            className={outcome === choice.value ? `choice-item chosen tone-${choice.tone}` : 'choice-item'}
          >
            <input
              type="radio"
              name="refund-outcome"
              value={choice.value}
              checked={outcome === choice.value}
              onChange={() => setOutcome(choice.value)}
            />
            <span>
              <strong>{t(choice.label)}</strong> {t(choice.hint)}
            </span>
          </label>
        ))}
      </fieldset>
    </SupervisorDialog>
  );
}
