// A supervisor settles by hand a refund the provider never settled (its answer lost, the provider
// silent since): the last resort, like the payment's manual decision. The dialog shows the refund and
// the provider's last answer about it, takes the decision (refunded or not), a reason and the PIN.
// Main re-sends the same refund once first: a definite answer settles the refund instead, and the
// dialog then says what the provider settled.
import { useState } from 'react';
import type { RefundResult, RefundView } from '../../../preload/contract/payments';
import type { DecisionChoice } from '../components/DecisionDialog';
import { DecisionDialog } from '../components/DecisionDialog';
import { SettledDialog } from '../components/SettledDialog';
import { formatRupiah, useClock } from '../format';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';

const OUTCOMES: readonly DecisionChoice<'refunded' | 'not_refunded'>[] = [
  {
    value: 'refunded',
    tone: 'ok',
    label: 'refundDecide.refunded',
    hint: 'refundDecide.refundedHint',
    confirm: 'refundDecide.confirmRefunded',
  },
  {
    value: 'not_refunded',
    tone: 'bad',
    label: 'refundDecide.notRefunded',
    hint: 'refundDecide.notRefundedHint',
    confirm: 'refundDecide.confirmNotRefunded',
    // Frees the amount again: wrong, and the customer can be paid back twice.
    danger: true,
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
  const [settled, setSettled] = useState<RefundView | null>(null);
  const title = t('refundDecide.title');

  if (settled) {
    return (
      <SettledDialog
        title={title}
        settled={{ refund: settled }}
        note={t('refundDecide.settledByProvider')}
        testId="refund-decide-settled"
        onClose={onClose}
      />
    );
  }

  const settledMeanwhile = async () => {
    // The re-send got a definite answer: show the refund as the provider settled it.
    const detail = await kasir().invoke('payment:get', { paymentId: refund.paymentId });
    const now = detail.ok ? detail.value.refunds.find((r) => r.id === refund.id) : undefined;
    if (!now || now.state === 'REFUND_UNKNOWN' || now.state === 'REFUND_SENDING') return false;
    setSettled(now);
    return true;
  };

  return (
    <DecisionDialog
      title={title}
      name="refund-outcome"
      explain="refundDecide.explain"
      chooseFirst="refundDecide.chooseFirst"
      choices={OUTCOMES}
      decide={(outcome, pin, reason) =>
        kasir().invoke('refund:decide', { refundId: refund.id, outcome, pin, reason })
      }
      settledMeanwhile={settledMeanwhile}
      onDone={onDone}
      onClose={onClose}
    >
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
    </DecisionDialog>
  );
}
