// A supervisor settles by hand a payment the provider never settled: the last resort after recheck
// and cancel. It first asks the provider again and shows what it said last, then takes the decision
// (paid or not paid), a reason and the PIN. Main rechecks once more and refuses while the provider's
// word is definite; its refusal is shown as it comes.
import { useEffect, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { PaymentView, ProviderWord } from '../../../preload/contract/payments';
import type { DecisionChoice } from '../components/DecisionDialog';
import { DecisionDialog } from '../components/DecisionDialog';
import { Modal } from '../components/Modal';
import { SettledDialog } from '../components/SettledDialog';
import { stateLabel } from '../components/status';
import { formatRupiah, useClock } from '../format';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';

/** How long the recheck waits for a terminal busy with the same payment, and how often it asks. */
const RECHECK_WAIT_MS = 60_000;
const RECHECK_RETRY_MS = 1000;

const OUTCOMES: readonly DecisionChoice<'paid' | 'not_paid'>[] = [
  { value: 'paid', tone: 'ok', label: 'decide.paid', hint: 'decide.paidHint', confirm: 'decide.confirmPaid' },
  {
    value: 'not_paid',
    tone: 'bad',
    label: 'decide.notPaid',
    hint: 'decide.notPaidHint',
    confirm: 'decide.confirmNotPaid',
    danger: true,
  },
];

type Phase =
  | { kind: 'rechecking' }
  | { kind: 'failed'; error: IpcError }
  | { kind: 'settled'; payment: PaymentView }
  | { kind: 'ready'; payment: PaymentView; word: ProviderWord | null; recheckError: IpcError | null };

export function ManualDecisionDialog({
  paymentId,
  onDone,
  onClose,
}: {
  paymentId: number;
  onDone: (payment: PaymentView) => void;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const clock = useClock();
  const [phase, setPhase] = useState<Phase>({ kind: 'rechecking' });

  useEffect(() => {
    let live = true;
    void (async () => {
      // The engine may still be working on this payment (its own checks, a cancel at the deadline):
      // wait for it rather than skip the recheck.
      let recheck = await kasir().invoke('payment:recheck', { paymentId });
      for (
        let waited = 0;
        live && !recheck.ok && recheck.error.code === 'TERMINAL_BUSY' && waited < RECHECK_WAIT_MS;
      ) {
        await new Promise((resolve) => setTimeout(resolve, RECHECK_RETRY_MS));
        waited += RECHECK_RETRY_MS;
        recheck = await kasir().invoke('payment:recheck', { paymentId });
      }
      const detail = await kasir().invoke('payment:get', { paymentId });
      if (!live) return;
      if (!detail.ok) {
        setPhase({ kind: 'failed', error: detail.error });
        return;
      }
      const { payment } = detail.value;
      if (payment.outcome !== 'unresolved') setPhase({ kind: 'settled', payment });
      else
        setPhase({
          kind: 'ready',
          payment,
          word: detail.value.providerWord,
          recheckError: recheck.ok ? null : recheck.error,
        });
    })();
    return () => {
      live = false;
    };
  }, [paymentId]);

  const title = t('decide.title');

  if (phase.kind === 'rechecking') {
    return (
      <Modal title={title} onClose={onClose}>
        <div className="prompt working" role="status" data-testid="decide-rechecking">
          <span className="spinner" aria-hidden="true" />
          <strong>{t('decide.rechecking')}</strong>
        </div>
      </Modal>
    );
  }

  if (phase.kind === 'failed') {
    return (
      <Modal title={title} onClose={onClose}>
        <p className="error" role="alert" data-code={phase.error.code}>
          {phase.error.message[language]}
        </p>
      </Modal>
    );
  }

  if (phase.kind === 'settled') {
    return (
      <SettledDialog
        title={title}
        settled={{ payment: phase.payment }}
        note={t('decide.settledByProvider')}
        testId="decide-settled"
        onClose={onClose}
      />
    );
  }

  const { payment, word, recheckError } = phase;
  const settledMeanwhile = async () => {
    // The engine's own recheck found the provider settled it meanwhile: say what it settled to.
    const detail = await kasir().invoke('payment:get', { paymentId });
    if (!detail.ok || detail.value.payment.outcome === 'unresolved') return false;
    setPhase({ kind: 'settled', payment: detail.value.payment });
    return true;
  };

  return (
    <DecisionDialog
      title={title}
      name="outcome"
      explain="decide.explain"
      chooseFirst="decide.chooseFirst"
      choices={OUTCOMES}
      decide={(outcome, pin, reason) => kasir().invoke('payment:decide', { paymentId, outcome, pin, reason })}
      settledMeanwhile={settledMeanwhile}
      onDone={onDone}
      onClose={onClose}
    >
      <div className="decide-facts">
        <section className="provider-word" data-testid="decide-recheck">
          <h4>{t('decide.recheckResult')}</h4>
          {recheckError ? (
            <p className="error" data-code={recheckError.code}>
              {t('decide.recheckFailed')} {recheckError.message[language]}
            </p>
          ) : (
            <p>
              {t('decide.stillOpen', {
                state: t(stateLabel(payment.state)),
                amount: formatRupiah(payment.amountMinor, language),
              })}
            </p>
          )}
        </section>
        <section className="provider-word" data-testid="provider-word">
          <h4>{t('decide.lastWord')}</h4>
          {word ? (
            <>
              <p>
                <strong>{word.meaning[language]}</strong>
              </p>
              <p className="code small">
                {clock.dateTime(word.at)} ·{' '}
                {[
                  word.responseCode,
                  word.transactionStatus === null
                    ? null
                    : `latestTransactionStatus ${word.transactionStatus}`,
                  word.httpStatus === null ? null : `HTTP ${word.httpStatus}`,
                ]
                  .filter(Boolean)
                  .join(' · ') || t('decide.noCode')}
              </p>
              {word.silentSince !== null && (
                <p className="notice tone-wait">
                  {t('decide.silentSince', { time: clock.dateTime(word.silentSince) })}
                </p>
              )}
              {word.definite && <p className="notice tone-bad">{t('decide.definite')}</p>}
            </>
          ) : (
            <p>{t('decide.neverAnswered')}</p>
          )}
        </section>
      </div>
    </DecisionDialog>
  );
}
