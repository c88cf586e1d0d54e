// One payment opened from History: its state, its references, its refunds, every event it went
// through, and what can be done with it (recheck, cancel, refund, print or reprint the receipt).
import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { PaymentDetail as Detail, Receipt, RefundResult } from '../../../preload/contract/payments';
import { CancelPaymentDialog } from '../components/CancelPaymentDialog';
import { Modal } from '../components/Modal';
import { ReceiptPreview } from '../components/ReceiptPreview';
import { StatusPanel } from '../components/StatusPanel';
import { refundStateLabel, refundTone } from '../components/status';
import { dateTime, formatRupiah, walletText } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';
import { RefundDialog } from './RefundDialog';

export function PaymentDetail({ paymentId, onClose }: { paymentId: number; onClose: () => void }) {
  const { t, language } = useI18n();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [dialog, setDialog] = useState<'refund' | 'cancel' | null>(null);
  const [refundResult, setRefundResult] = useState<RefundResult | null>(null);

  const load = useCallback(async () => {
    const result = await kasir().invoke('payment:get', { paymentId });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDetail(result.value);
    const preview = await kasir().invoke('receipt:preview', { paymentId });
    setReceipt(preview.ok ? preview.value : null);
  }, [paymentId]);

  useEffect(() => {
    void load();
  }, [load]);

  useKasirEvent('payment:changed', (payment) => {
    if (payment.id === paymentId) void load();
  });

  const act = async (action: () => Promise<{ ok: boolean; error?: IpcError }>, done?: string) => {
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

  const recheck = () => act(() => kasir().invoke('payment:recheck', { paymentId }), t('detail.rechecked'));

  const print = () =>
    act(async () => {
      const result = await kasir().invoke('receipt:print', { paymentId });
      if (result.ok) {
        setNote(
          !result.value.printed
            ? t('receipt.notPrinted')
            : result.value.copy
              ? t('receipt.printedCopy')
              : t('receipt.printed'),
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
  const canCancel = payment !== undefined && (payment.outcome === 'unresolved' || payment.state === 'PAID');
  const canRefund = payment !== undefined && payment.outcome === 'paid' && payment.refundableMinor !== '0';
  const final = payment !== undefined && payment.outcome !== 'unresolved';

  return (
    <Modal title={t('detail.title')} onClose={onClose} wide>
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
              <dd>{dateTime(payment.createdAt)}</dd>
              <dt>{t('detail.wallet')}</dt>
              <dd>{walletText(payment.wallet) || '—'}</dd>
              <dt>{t('detail.providerRef')}</dt>
              <dd className="mono">{payment.referenceNo ?? '—'}</dd>
              <dt>{t('detail.ourRef')}</dt>
              <dd className="mono">{payment.partnerReferenceNo}</dd>
              <dt>{t('detail.refunded')}</dt>
              <dd>{formatRupiah(payment.refundedMinor, language)}</dd>
              <dt>{t('detail.refundable')}</dt>
              <dd>{formatRupiah(payment.refundableMinor, language)}</dd>
              <dt>{t('detail.decidedBy')}</dt>
              <dd>{payment.manual ? t('detail.bySupervisor') : t('detail.byProvider')}</dd>
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
                      <th>{t('history.amount')}</th>
                      <th>{t('history.state')}</th>
                      <th>{t('supervisor.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.refunds.map((refund) => (
                      <tr key={refund.id} data-state={refund.state}>
                        <td>{dateTime(refund.createdAt)}</td>
                        <td className="num">{formatRupiah(refund.amountMinor, language)}</td>
                        <td>
                          <span className={`badge tone-${refundTone(refund.state)}`}>
                            {t(refundStateLabel(refund.state))}
                          </span>
                        </td>
                        <td>{refund.reason ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}

            <section>
              <h4>{t('detail.events')}</h4>
              <ol className="timeline">
                {detail.events.map((event) => (
                  <li key={event.id}>
                    <span className="mono">{dateTime(event.at).slice(11)}</span>{' '}
                    <strong>
                      {event.operation} · {event.kind}
                    </strong>{' '}
                    {event.toState ? (
                      <span>
                        {event.fromState ?? '∅'} → {event.toState}
                      </span>
                    ) : null}
                    {event.responseCode && <span className="code"> {event.responseCode}</span>}
                    {event.httpStatus !== null && <span className="code"> HTTP {event.httpStatus}</span>}
                  </li>
                ))}
              </ol>
            </section>
          </div>

          <div className="detail-side">
            <div className="actions column">
              <button type="button" className="button" disabled={working} onClick={() => void recheck()}>
                {t('detail.recheck')}
              </button>
              <button
                type="button"
                className="button"
                disabled={working || !canRefund}
                onClick={() => {
                  setRefundResult(null);
                  setDialog('refund');
                }}
              >
                {t('detail.refund')}
              </button>
              <button
                type="button"
                className="button danger"
                disabled={working || !canCancel}
                onClick={() => setDialog('cancel')}
              >
                {t('detail.cancel')}
              </button>
              <button
                type="button"
                className="button"
                disabled={working || !final}
                onClick={() => void print()}
              >
                {detail.receiptsPrinted > 0 ? t('detail.reprint') : t('detail.print')}
              </button>
            </div>
            {note && (
              <p className="notice" role="status">
                {note}
              </p>
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
          amountMinor={payment.amountMinor}
          onClose={() => setDialog(null)}
          onSubmit={({ pin, reason }) => cancel(pin, reason)}
        />
      )}
    </Modal>
  );
}
