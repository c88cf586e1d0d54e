// End of day: counts and totals by state, refunds, net, and anything still unresolved, for the
// supervisor to reconcile. Printable as it stands (print styles hide the app around it).
import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { DayReportView } from '../../../preload/contract/payments';
import { refundStateLabel, stateLabel } from '../components/status';
import { businessDay, clockTime, dateTime, formatRupiah } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { useShortcuts } from '../hooks/useShortcuts';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';

export function ReportScreen() {
  const { t, language } = useI18n();
  const [date, setDate] = useState(() => businessDay(Date.now()));
  const [report, setReport] = useState<DayReportView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(async (day: string) => {
    const answer = await kasir().invoke('report:day', { date: day });
    if (answer.ok) {
      setReport(answer.value);
      setError(null);
    } else setError(answer.error);
  }, []);

  useEffect(() => {
    void load(date);
  }, [load, date]);

  useKasirEvent('payment:changed', () => void load(date));
  useShortcuts({ F9: () => window.print() });

  const money = (minor: string) => formatRupiah(minor, language);
  const payments = report?.payments.filter((bucket) => bucket.count > 0) ?? [];
  const refunds = report?.refunds.filter((bucket) => bucket.count > 0) ?? [];

  return (
    <section className="report" aria-labelledby="report-title">
      <div className="report-head">
        <h2 id="report-title">{t('report.title')}</h2>
        <label className="field inline no-print">
          <span>{t('report.date')}</span>
          <input
            type="date"
            value={date}
            onChange={(event) => event.target.value && setDate(event.target.value)}
          />
        </label>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          <kbd>F9</kbd> {t('report.print')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error.message[language]}
        </p>
      )}
      {report && (
        <>
          <p className="summary">
            {t('report.forDay', { date: report.date })} ·{' '}
            {t('report.generated', { time: dateTime(report.generatedAt) })}
          </p>
          <div className="totals" data-testid="report-totals">
            <div className="total tone-ok">
              <span>{t('report.paid')}</span>
              <strong data-testid="report-paid">{money(report.paid.totalMinor)}</strong>
              <small>{t('report.payments', { count: report.paid.count })}</small>
            </div>
            <div className="total tone-wait">
              <span>{t('report.refunded')}</span>
              <strong data-testid="report-refunded">{money(report.refunded.totalMinor)}</strong>
              <small>{t('report.refundCount', { count: report.refunded.count })}</small>
            </div>
            <div className="total">
              <span>{t('report.net')}</span>
              <strong data-testid="report-net">{money(report.netMinor)}</strong>
            </div>
            <div
              className={
                report.unresolvedPayments.length + report.unresolvedRefunds.length > 0
                  ? 'total tone-bad'
                  : 'total'
              }
            >
              <span>{t('report.unresolved')}</span>
              <strong data-testid="report-unresolved">
                {report.unresolvedPayments.length + report.unresolvedRefunds.length}
              </strong>
            </div>
          </div>

          <div className="report-tables">
            <section>
              <h3>{t('report.byState')}</h3>
              <table className="table compact" data-testid="report-by-state">
                <thead>
                  <tr>
                    <th>{t('history.state')}</th>
                    <th className="num">{t('report.count')}</th>
                    <th className="num">{t('report.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {payments.map((bucket) => (
                    <tr key={bucket.state} data-state={bucket.state}>
                      <td>{t(stateLabel(bucket.state))}</td>
                      <td className="num">{bucket.count}</td>
                      <td className="num">{money(bucket.totalMinor)}</td>
                    </tr>
                  ))}
                  {payments.length === 0 && (
                    <tr>
                      <td colSpan={3} className="empty">
                        {t('report.noPayments')}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </section>
            <section>
              <h3>{t('report.refunds')}</h3>
              <table className="table compact" data-testid="report-refunds">
                <thead>
                  <tr>
                    <th>{t('history.state')}</th>
                    <th className="num">{t('report.count')}</th>
                    <th className="num">{t('report.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {refunds.map((bucket) => (
                    <tr key={bucket.state} data-state={bucket.state}>
                      <td>{t(refundStateLabel(bucket.state))}</td>
                      <td className="num">{bucket.count}</td>
                      <td className="num">{money(bucket.totalMinor)}</td>
                    </tr>
                  ))}
                  {refunds.length === 0 && (
                    <tr>
                      <td colSpan={3} className="empty">
                        {t('report.noRefunds')}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </section>
          </div>

          <section>
            <h3>{t('report.unresolvedTitle')}</h3>
            {report.unresolvedPayments.length + report.unresolvedRefunds.length === 0 ? (
              <p className="ok-line">{t('report.allResolved')}</p>
            ) : (
              <ul className="unresolved-list">
                {report.unresolvedPayments.map((payment) => (
                  <li key={`p${payment.id}`}>
                    {clockTime(payment.createdAt)} · {money(payment.amountMinor)} ·{' '}
                    {t(stateLabel(payment.state))} ·{' '}
                    <span className="mono">{payment.partnerReferenceNo}</span> — {payment.message[language]}
                  </li>
                ))}
                {report.unresolvedRefunds.map((refund) => (
                  <li key={`r${refund.id}`}>
                    {clockTime(refund.createdAt)} · {money(refund.amountMinor)} ·{' '}
                    {t(refundStateLabel(refund.state))} ·{' '}
                    <span className="mono">{refund.partnerRefundNo}</span> — {refund.message[language]}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}
