// The digital-product half of the day's report: sales by category with cost and margin, what was
// refunded by itself after a failed QRIS sale, the PPOB cash that belongs in the drawer, purchases
// still open (those carried from earlier days counted), and a match against each provider's own
// transaction history for the day, differences listed.
import { useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { PpobReportView, Reconciliation } from '../../../preload/contract/ppob';
import { PRODUCT_CATEGORIES } from '../../../preload/contract/ppob-numbers';
import { formatRupiah, useClock } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';
import { PROVIDER_NAMES } from './ppob-model';

export function ReportPpob({ report, date }: { report: PpobReportView; date: string }) {
  const { t, language } = useI18n();
  const clock = useClock();
  const money = (minor: string) => formatRupiah(minor, language);
  const [reconciliation, setReconciliation] = useState<Reconciliation | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  const reconcile = async () => {
    setBusy(true);
    try {
      const result = await kasir().invoke('ppob:reconcile', { date });
      if (result.ok) {
        setReconciliation(result.value);
        setError(null);
      } else setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="report-ppob" data-testid="report-ppob">
      <h3>{t('report.ppob')}</h3>
      <table className="table compact" data-testid="report-ppob-categories">
        <thead>
          <tr>
            <th>{t('report.ppobCategory')}</th>
            <th className="num">{t('report.count')}</th>
            <th className="num">{t('report.ppobSold')}</th>
            <th className="num">{t('report.ppobCost')}</th>
            <th className="num">{t('report.ppobMargin')}</th>
          </tr>
        </thead>
        <tbody>
          {[...report.byCategory]
            .sort((a, b) => PRODUCT_CATEGORIES.indexOf(a.category) - PRODUCT_CATEGORIES.indexOf(b.category))
            .map((line) => (
              <tr key={line.category} data-category={line.category}>
                <td>{t(`ppob.category.${line.category}` as MessageKey)}</td>
                <td className="num">{line.count}</td>
                <td className="num nowrap">{money(line.soldMinor)}</td>
                <td className="num nowrap">{money(line.costMinor)}</td>
                <td className="num nowrap">{money(line.marginMinor)}</td>
              </tr>
            ))}
          {report.byCategory.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                {t('report.ppobNone')}
              </td>
            </tr>
          )}
        </tbody>
        {report.byCategory.length > 0 && (
          <tfoot>
            <tr>
              <th scope="row">{t('report.total')}</th>
              <td className="num">{report.sold.count}</td>
              <td className="num nowrap">{money(report.sold.soldMinor)}</td>
              <td className="num nowrap">{money(report.sold.costMinor)}</td>
              <td className="num nowrap" data-testid="report-ppob-margin">
                {money(report.sold.marginMinor)}
              </td>
            </tr>
          </tfoot>
        )}
      </table>

      <dl className="facts" data-testid="report-ppob-money">
        <dt>{t('report.ppobRefunded')}</dt>
        <dd>
          {report.refunds.refunded.count} · {money(report.refunds.refunded.totalMinor)}
        </dd>
        <dt>{t('report.ppobFailed')}</dt>
        <dd>
          {report.failed.count} · {money(report.failed.totalMinor)}
        </dd>
        <dt>{t('report.ppobReturned')}</dt>
        <dd>{money(report.drawer.returnedMinor)}</dd>
        <dt>{t('report.ppobOwed')}</dt>
        <dd className={report.drawer.owedMinor === '0' ? undefined : 'bad-text'}>
          {money(report.drawer.owedMinor)}
        </dd>
        <dt>{t('report.ppobDrawer')}</dt>
        <dd data-testid="report-ppob-drawer">
          <strong>{money(report.drawer.inDrawerMinor)}</strong>
        </dd>
      </dl>

      {report.unresolved.length > 0 && (
        <div data-testid="report-ppob-open">
          <h4>
            {t('report.ppobOpen')} · {report.unresolved.length}
            {report.carried > 0 ? ` (${t('report.ppobCarried', { count: report.carried })})` : ''}
          </h4>
          <ul className="unresolved-list">
            {report.unresolved.map((purchase) => (
              <li key={purchase.reference}>
                {clock.dateTime(purchase.createdAt)} · {money(purchase.totalMinor)} · {purchase.productName} ·{' '}
                <span className="mono">{purchase.customerNo}</span> — {purchase.message[language]}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="no-print">
        <button type="button" className="button" disabled={busy} onClick={() => void reconcile()}>
          {busy ? t('action.working') : t('report.reconcile')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error.message[language]}
        </p>
      )}
      {reconciliation && (
        <div data-testid="report-reconciliation">
          <ul>
            {reconciliation.providers.map((p) => (
              <li key={p.provider}>
                {t('report.reconciled', {
                  provider: PROVIDER_NAMES[p.provider],
                  matched: p.matched,
                  ours: p.ours,
                })}
                {p.error ? ` — ${p.error[language]}` : ''}
              </li>
            ))}
          </ul>
          {reconciliation.differences.length === 0 ? (
            <p className="ok-line">{t('report.reconcileClean')}</p>
          ) : (
            <>
              <h4>{t('report.reconcileDifferences')}</h4>
              <ul className="unresolved-list" data-testid="report-reconcile-differences">
                {reconciliation.differences.map((d) => (
                  <li key={`${d.provider}:${d.kind}:${d.reference ?? d.transactionId}`} data-kind={d.kind}>
                    {PROVIDER_NAMES[d.provider]} ·{' '}
                    <span className="mono">{d.reference ?? d.transactionId}</span> — {d.message[language]}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
