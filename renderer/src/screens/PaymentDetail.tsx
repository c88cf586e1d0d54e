// One payment opened from History: its state, its references, its refunds, every event it went
// through, and what can be done with it (recheck, cancel, refund, a supervisor's manual decision,
// print or reprint the receipt). Every button that does nothing right now says why.
import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type {
  PaymentDetail as Detail,
  Receipt,
  RefundResult,
  RefundView,
} from '../../../preload/contract/payments';
import type { LocalizedText } from '../../../preload/contract/result';
import { Amount } from '../components/Amount';
import { CancelPaymentDialog, isCancellable } from '../components/CancelPaymentDialog';
import { eventCodes, eventKindLabel, eventOperationLabel, eventStateLabel } from '../components/event-words';
import { Modal } from '../components/Modal';
import { Notice, type NoticeTone } from '../components/Notice';
import { ReceiptPreview } from '../components/ReceiptPreview';
import { StatusPanel } from '../components/StatusPanel';
import { refundStateLabel, refundTone } from '../components/status';
import { formatRupiah, useClock, walletText } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { STALE, useLatestCall } from '../hooks/useLatestCall';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';
import { ManualDecisionDialog } from './ManualDecisionDialog';
import { RefundDecisionDialog } from './RefundDecisionDialog';
import { RefundDialog } from './RefundDialog';

type Note = { tone: NoticeTone; key: MessageKey } | { tone: NoticeTone; text: LocalizedText };

function ActionButton({
  label,
  why,
  danger = false,
  onPress,
  testId,
}: {
  label: string;
  /** Why it is disabled; null when it can be pressed. */
  why: string | null;
  danger?: boolean;
  onPress: () => void;
  testId: string;
}) {
  return (
    <div className="action-with-why">
      <button
        type="button"
        className={danger ? 'button danger' : 'button'}
        disabled={why !== null}
        onClick={onPress}
        data-testid={testId}
        aria-description={why ?? undefined}
      >
        {label}
      </button>
      {why !== null && <span className="why-disabled">{why}</span>}
    </div>
  );
}

export function PaymentDetail({ paymentId, onClose }: { paymentId: number; onClose: () => void }) {
  const { t, language } = useI18n();
  const clock = useClock();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [working, setWorking] = useState(false);
  const [dialog, setDialog] = useState<'refund' | 'cancel' | 'decide' | null>(null);
  const [refundResult, setRefundResult] = useState<RefundResult | null>(null);
  const [deciding, setDeciding] = useState<RefundView | null>(null);

  const latest = useLatestCall();
  const load = useCallback(async () => {
    const answer = await latest(async () => {
      const result = await kasir().invoke('payment:get', { paymentId });
      const final = result.ok && result.value.payment.outcome !== 'unresolved';
      return { result, preview: final ? await kasir().invoke('receipt:preview', { paymentId }) : null };
    });
    if (answer === STALE) return;
    const { result, preview } = answer;
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDetail(result.value);
    setReceipt(preview?.ok ? preview.value : null);
  }, [paymentId, latest]);

  useEffect(() => {
    void load();
  }, [load]);

  useKasirEvent('payment:changed', (payment) => {
    if (payment.id === paymentId) void load();
  });

  const act = async (action: () => Promise<{ ok: boolean; error?: IpcError }>, done?: Note) => {
    setWorking(true);
    setError(null);
    setNote(null);
    try {
      const result = await action();
      if (!result.ok && result.error) setError(result.error);
      else if (done) setNote(done);
      await load();
    } finally {
      setWorking(false);
    }
  };

  const recheck = () =>
    act(() => kasir().invoke('payment:recheck', { paymentId }), { tone: 'info', key: 'detail.rechecked' });

  const print = () =>
    act(async () => {
      const result = await kasir().invoke('receipt:print', { paymentId });
      if (result.ok) {
        setNote(
          !result.value.printed
            ? { tone: 'info', key: 'receipt.notPrinted' }
            : { tone: 'ok', key: result.value.copy ? 'receipt.printedCopy' : 'receipt.printed' },
        );
      }
      return result;
    });

  const cancel = async (pin: string, reason: string): Promise<IpcError | null> => {
    const result = await kasir().invoke('payment:cancel', { paymentId, pin, reason });
    if (!result.ok) return result.error;
    setDialog(null);
    await load();
    return null;
  };

  const payment = detail?.payment;
  const busy = working ? t('detail.why.working') : null;
  const whyRefund =
    payment === undefined
      ? null
      : payment.outcome !== 'paid'
        ? t('detail.why.refundNotPaid')
        : payment.refundableMinor === '0'
          ? t('detail.why.refundedAll')
          : null;
  const whyCancel = payment === undefined || isCancellable(payment) ? null : t('detail.why.cancelFinal');
  const whyDecide =
    payment === undefined || payment.outcome === 'unresolved' ? null : t('detail.why.decideFinal');
  const whyPrint =
    payment === undefined || payment.outcome !== 'unresolved' ? null : t('detail.why.printOpen');

  return (
    <Modal
      title={t('detail.title')}
      onClose={onClose}
      wide
      dismissable={dialog === null && deciding === null}
    >
      {!detail || !payment ? (
        error ? (
          <p className="error" role="alert">
            {error.message[language]}
          </p>
        ) : (
          <p>{t('app.loading')}</p>
        )
      ) : (
        <div className="detail">
          <div className="detail-main">
            <StatusPanel payment={payment} />
            <dl className="facts">
              <dt>{t('detail.time')}</dt>
              <dd>{clock.dateTime(payment.createdAt)}</dd>
              <dt>{t('detail.wallet')}</dt>
              <dd>{walletText(payment.wallet) || '—'}</dd>
              <dt>{t('detail.providerRef')}</dt>
              <dd className="mono">{payment.referenceNo ?? '—'}</dd>
              <dt>{t('detail.ourRef')}</dt>
              <dd className="mono">{payment.partnerReferenceNo}</dd>
              <dt>{t('detail.refunded')}</dt>
              <dd>
                <Amount minor={payment.refundedMinor} />
              </dd>
              <dt>{t('detail.refundable')}</dt>
              <dd>
                <Amount minor={payment.refundableMinor} />
              </dd>
              <dt>{t('detail.decidedBy')}</dt>
              <dd>
                {payment.outcome === 'unresolved'
                  ? t('detail.notDecided')
                  : payment.manual
                    ? t('detail.bySupervisor')
                    : t('detail.byProvider')}
              </dd>
            </dl>

            {refundResult && (
              <section
                className={`refund-result tone-${refundTone(refundResult.refund.state)}`}
                role="status"
                data-state={refundResult.refund.state}
              >
                <strong>
                  {t(refundStateLabel(refundResult.refund.state))} ·{' '}
                  {formatRupiah(refundResult.refund.amountMinor, language)}
                </strong>
                <p>{refundResult.refund.message[language]}</p>
                {refundResult.refund.failure && <p>{refundResult.refund.failure[language]}</p>}
              </section>
            )}

            {detail.refunds.length > 0 && (
              <section>
                <h4>{t('detail.refunds')}</h4>
                <table className="table compact">
                  <thead>
                    <tr>
                      <th>{t('detail.time')}</th>
                      <th className="num">{t('history.amount')}</th>
                      <th>{t('history.state')}</th>
                      <th>{t('supervisor.reason')}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {detail.refunds.map((refund) => (
                      <tr key={refund.id} data-state={refund.state}>
                        <td className="nowrap">{clock.dateTime(refund.createdAt)}</td>
                        <td className="num nowrap">{formatRupiah(refund.amountMinor, language)}</td>
                        <td>
                          <span className={`badge tone-${refundTone(refund.state)}`}>
                            {t(refundStateLabel(refund.state))}
                          </span>
                          {refund.responseCode && <span className="code small"> {refund.responseCode}</span>}
                        </td>
                        <td>{refund.reason ?? ''}</td>
                        <td>
                          {(refund.state === 'REFUND_UNKNOWN' || refund.state === 'REFUND_SENDING') && (
                            <button
                              type="button"
                              className="button small"
                              disabled={working || dialog !== null}
                              data-testid={`refund-decide-${refund.id}`}
                              onClick={() => setDeciding(refund)}
                            >
                              {t('detail.refundDecide')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}

            <section>
              <h4>{t('detail.events')}</h4>
              <ol className="timeline" data-testid="timeline">
                {detail.events.map((event) => {
                  const to = eventStateLabel(event.toState);
                  return (
                    <li key={event.id} data-kind={event.kind}>
                      <span className="mono">{clock.time(event.at)}</span>{' '}
                      <strong>
                        {t(eventOperationLabel(event))}: {t(eventKindLabel(event))}
                      </strong>
                      {to && <span> → {t(to)}</span>}
                      <span className="code small"> {eventCodes(event, { before: event.kind })}</span>
                    </li>
                  );
                })}
              </ol>
            </section>
          </div>

          <div className="detail-side">
            <div className="actions column">
              <ActionButton
                testId="detail-recheck"
                label={t('detail.recheck')}
                why={busy}
                onPress={() => void recheck()}
              />
              <ActionButton
                testId="detail-refund"
                label={t('detail.refund')}
                why={busy ?? whyRefund}
                onPress={() => {
                  setRefundResult(null);
                  setDialog('refund');
                }}
              />
              <ActionButton
                testId="detail-cancel"
                label={t('detail.cancel')}
                danger
                why={busy ?? whyCancel}
                onPress={() => setDialog('cancel')}
              />
              <ActionButton
                testId="detail-decide"
                label={t('detail.decide')}
                why={busy ?? whyDecide}
                onPress={() => setDialog('decide')}
              />
              <ActionButton
                testId="detail-print"
                label={detail.receiptsPrinted > 0 ? t('detail.reprint') : t('detail.print')}
                why={busy ?? whyPrint}
                onPress={() => void print()}
              />
            </div>
            {note && (
              <Notice tone={note.tone} testId="detail-note">
                {'key' in note ? t(note.key) : note.text[language]}
              </Notice>
            )}
            {error && (
              <p className="error" role="alert" data-code={error.code}>
                {error.message[language]}
              </p>
            )}
            {receipt && <ReceiptPreview receipt={receipt} />}
          </div>
        </div>
      )}
      {dialog === 'refund' && payment && (
        <RefundDialog
          payment={payment}
          onClose={() => setDialog(null)}
          onDone={(result) => {
            setRefundResult(result);
            setDialog(null);
            void load();
          }}
        />
      )}
      {dialog === 'cancel' && payment && (
        <CancelPaymentDialog
          payment={payment}
          onClose={() => setDialog(null)}
          onSubmit={({ pin, reason }) => cancel(pin, reason)}
        />
      )}
      {deciding && (
        <RefundDecisionDialog
          refund={deciding}
          onClose={() => {
            setDeciding(null);
            void load();
          }}
          onDone={(result) => {
            setDeciding(null);
            setRefundResult(result);
            setNote({ tone: 'info', key: 'detail.refundDecided' });
            void load();
          }}
        />
      )}
      {dialog === 'decide' && payment && (
        <ManualDecisionDialog
          paymentId={payment.id}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setNote({ tone: 'info', key: 'detail.decided' });
            void load();
          }}
        />
      )}
    </Modal>
  );
}
