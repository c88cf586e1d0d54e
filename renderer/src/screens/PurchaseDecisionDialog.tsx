// A supervisor settles by hand a digital-product purchase the provider never settled (WAITING for
// too long, its answer lost): the facts, the provider's last word about it, the decision (succeeded or
// failed), a reason and the PIN. Main asks the provider once more first: a definite answer settles the
// purchase instead, and the dialog then says what the provider settled. A QRIS sale decided failed is
// refunded by itself; a cash one then shows the cash to give back.
import { useState } from 'react';
import type { PurchaseDetail, PurchaseView } from '../../../preload/contract/ppob';
import type { DecisionChoice } from '../components/DecisionDialog';
import { DecisionDialog } from '../components/DecisionDialog';
import { SettledDialog } from '../components/SettledDialog';
import { formatRupiah, useClock } from '../format';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';

const OUTCOMES: readonly DecisionChoice<'success' | 'failed'>[] = [
  {
    value: 'success',
    tone: 'ok',
    label: 'ppobDecide.success',
    hint: 'ppobDecide.successHint',
    confirm: 'ppobDecide.confirmSuccess',
  },
  {
    value: 'failed',
    tone: 'bad',
    label: 'ppobDecide.failed',
    hint: 'ppobDecide.failedHint',
    confirm: 'ppobDecide.confirmFailed',
    // Money goes back: wrong, and the customer keeps the product and the money.
    danger: true,
  },
];

export function PurchaseDecisionDialog({
  detail,
  onDone,
  onClose,
}: {
  detail: PurchaseDetail;
  onDone: (purchase: PurchaseView) => void;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const clock = useClock();
  const [settled, setSettled] = useState<PurchaseView | null>(null);
  const { purchase } = detail;
  const reference = purchase.reference;
  const title = t('ppobDecide.title');
  const last = [...detail.events].reverse().find((e) => e.responseCode !== null || e.providerStatus !== null);

  if (settled) {
    return (
      <SettledDialog
        title={title}
        settled={{ purchase: settled }}
        note={t('ppobDecide.settledByProvider')}
        testId="ppob-decide-settled"
        onClose={onClose}
      />
    );
  }

  const settledMeanwhile = async () => {
    const now = await kasir().invoke('ppob:get', { reference });
    if (!now.ok || now.value.purchase.outcome === 'unresolved') return false;
    setSettled(now.value.purchase);
    return true;
  };

  return (
    <DecisionDialog
      title={title}
      name="ppob-outcome"
      explain="ppobDecide.explain"
      chooseFirst="ppobDecide.chooseFirst"
      choices={OUTCOMES}
      decide={(outcome, pin, reason) => kasir().invoke('ppob:decide', { reference, outcome, pin, reason })}
      settledMeanwhile={settledMeanwhile}
      onDone={onDone}
      onClose={onClose}
    >
      <section className="provider-word" data-testid="ppob-decide-facts">
        <h4>{t('ppobDecide.facts')}</h4>
        <p>
          <strong>{purchase.productName}</strong> · <span className="mono">{purchase.customerNo}</span> ·{' '}
          {formatRupiah(purchase.totalMinor, language)}
        </p>
        <p className="code small">
          {reference} · {clock.dateTime(purchase.createdAt)}
        </p>
        <h4>{t('ppobDecide.lastCode')}</h4>
        <p className="code">
          {last
            ? [
                last.providerStatus,
                last.responseCode,
                last.httpStatus === null ? null : `HTTP ${last.httpStatus}`,
              ]
                .filter(Boolean)
                .join(' · ')
            : t('ppobDecide.noCode')}
          {last && ` · ${clock.dateTime(last.at)}`}
        </p>
        <p className="notice tone-wait">{purchase.message[language]}</p>
      </section>
    </DecisionDialog>
  );
}
