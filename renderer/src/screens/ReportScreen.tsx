// End of day: counts and totals by state, refunds, net, and anything still unresolved, for the
// supervisor to reconcile. Printable as it stands (print styles hide the app around it).
import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { DayReportView } from '../../../preload/contract/payments';
import { parseDayText } from '../../../preload/contract/wall-clock';
import { Amount } from '../components/Amount';
import { DayField } from '../components/DayField';
import { refundStateLabel, stateLabel } from '../components/status';
import { formatRupiah, useClock } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { STALE, useLatestCall } from '../hooks/useLatestCall';
import { useShortcuts } from '../hooks/useShortcuts';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';
import { ReportPpob } from './ReportPpob';

interface BucketTableProps<S extends string> {
  title: MessageKey;
  testId: string;
  /** Only the states that occurred: an empty list shows `empty` instead. */
  buckets: readonly { state: S; count: number; totalMinor: string }[];
  label: (state: S) => MessageKey;
  empty: MessageKey;
}

/** Count and total of a day's payments or refunds, one row a state. */
function BucketTable<S extends string>({ title, testId, buckets, label, empty }: BucketTableProps<S>) {
  const { t, language } = useI18n();
  return (
    <section>
      <h3>{t(title)}</h3>
      <table className="table compact" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('history.state')}</th>
            <th className="num">{t('report.count')}</th>
            <th className="num">{t('report.total')}</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucket.state} data-state={bucket.state}>
              <td>{t(label(bucket.state))}</td>
              <td className="num">{bucket.count}</td>
              <td className="num nowrap">{formatRupiah(bucket.totalMinor, language)}</td>
            </tr>
          ))}
          {buckets.length === 0 && (
            <tr>
              <td colSpan={3} className="empty">
                {t(empty)}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

export function ReportScreen() {
  const { t, language } = useI18n();
  const clock = useClock();
  const [date, setDate] = useState(() => clock.today());
  const [dayText, setDayText] = useState(() => clock.day(date));
  const dayValid = parseDayText(dayText) !== null;
  const typeDay = (text: string) => {
    setDayText(text);
    const day = parseDayText(text);
    if (day) setDate(day);
  };
  const step = (days: number) => {
    const next = new Date(`${date}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + days);
    const iso = next.toISOString().slice(0, 10);
    setDate(iso);
    setDayText(clock.day(iso));
  };
  const [report, setReport] = useState<DayReportView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const latest = useLatestCall();
  const load = useCallback(
    async (day: string) => {
      const answer = await latest(() => kasir().invoke('report:day', { date: day }));
      if (answer === STALE) return;
      if (answer.ok) {
        setReport(answer.value);
        setError(null);
      } else setError(answer.error);
    },
    [latest],
  );

  useEffect(() => {
    void load(date);
  }, [load, date]);

  useKasirEvent('payment:changed', () => void load(date));
  useKasirEvent('ppob:changed', () => void load(date));
  useShortcuts({ F9: () => window.print() });

  const money = (minor: string) => formatRupiah(minor, language);
  const payments = report?.payments.filter((bucket) => bucket.count > 0) ?? [];
  const refunds = report?.refunds.filter((bucket) => bucket.count > 0) ?? [];

  return (
    <section className="report" aria-labelledby="report-title">
      <div className="report-head">
        <h2 id="report-title">{t('report.title')}</h2>
        <div className="report-day no-print">
          <button
            type="button"
            className="button"
            onClick={() => step(-1)}
            aria-label={t('report.previousDay')}
          >
            ‹
          </button>
          <DayField
            label={t('report.date')}
            name="date"
            value={dayText}
            invalid={!dayValid}
            onChange={typeDay}
          />
          <button type="button" className="button" onClick={() => step(1)} aria-label={t('report.nextDay')}>
            ›
          </button>
        </div>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          <kbd>F9</kbd> {t('report.print')}
        </button>
      </div>
      {!dayValid && (
        <p className="error" role="alert">
          {t('report.badDay')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error.message[language]}
        </p>
      )}
      {report && (
        <>
          {report.test && (
            <p className="test-mark" data-testid="report-test-mark">
              {t('report.testMark')}
            </p>
          )}
          <p className="report-owner" data-testid="report-owner">
            <strong>{report.merchantName}</strong> ·{' '}
            {t('report.merchantTerminal', { merchant: report.merchantId, terminal: report.terminalId })}
          </p>
          <p className="summary">
            {t('report.forDay', { date: clock.day(report.date) })} ·{' '}
            {t('report.generated', { time: clock.dateTime(report.generatedAt) })}
          </p>
          <div className="totals" data-testid="report-totals">
            <div className="total tone-ok">
              <span>{t('report.paid')}</span>
              <Amount minor={report.paid.totalMinor} className="total-value" testId="report-paid" />
              <small>{t('report.payments', { count: report.paid.count })}</small>
            </div>
            <div className="total">
              <span>{t('report.refunded')}</span>
              <Amount minor={report.refunded.totalMinor} className="total-value" testId="report-refunded" />
              <small>{t('report.refundCount', { count: report.refunded.count })}</small>
            </div>
            <div className="total">
              <span>{t('report.net')}</span>
              <Amount minor={report.netMinor} className="total-value" testId="report-net" />
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
            <BucketTable
              title="report.byState"
              testId="report-by-state"
              buckets={payments}
              label={stateLabel}
              empty="report.noPayments"
            />
            <BucketTable
              title="report.refunds"
              testId="report-refunds"
              buckets={refunds}
              label={refundStateLabel}
              empty="report.noRefunds"
            />
          </div>

          <section>
            <h3>{t('report.unresolvedTitle')}</h3>
            {report.unresolvedPayments.length + report.unresolvedRefunds.length === 0 ? (
              <p className="ok-line">{t('report.allResolved')}</p>
            ) : (
              <ul className="unresolved-list">
                {report.unresolvedPayments.map((payment) => (
                  <li key={`p${payment.id}`}>
                    {clock.dateTime(payment.createdAt)} · {money(payment.amountMinor)} ·{' '}
                    {t(stateLabel(payment.state))} ·{' '}
                    <span className="mono">{payment.partnerReferenceNo}</span> — {payment.message[language]}
                  </li>
                ))}
                {report.unresolvedRefunds.map((refund) => (
                  <li key={`r${refund.id}`}>
                    {clock.dateTime(refund.createdAt)} · {money(refund.amountMinor)} ·{' '}
                    {t(refundStateLabel(refund.state))} ·{' '}
                    <span className="mono">{refund.partnerRefundNo}</span> — {refund.message[language]}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <ReportPpob report={report.ppob} date={report.date} />
          {report.test && (
            <p className="test-mark print-only" aria-hidden="true">
              {t('report.testMark')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
