// The digital-product sales a History search found, one row each; a row opens its detail.
import type { PurchaseView } from '../../../preload/contract/ppob';
import { purchaseTone } from '../components/status';
import { formatRupiah, useClock } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';

export function PurchaseRows({
  purchases,
  today,
  onOpen,
  empty,
}: {
  purchases: readonly PurchaseView[];
  today: string;
  onOpen: (reference: string) => void;
  /** Say so when nothing matched (the list is the whole answer). */
  empty: boolean;
}) {
  const { t, language } = useI18n();
  const clock = useClock();
  if (purchases.length === 0 && !empty) return null;
  return (
    <section aria-labelledby="history-ppob-title">
      <h3 id="history-ppob-title" data-testid="history-ppob-summary">
        {t('history.kind.ppob')} · {t('history.ppobCount', { count: purchases.length })}
      </h3>
      <table className="table history-table" data-testid="history-purchases">
        <thead>
          <tr>
            <th>{t('history.time')}</th>
            <th className="num">{t('history.amount')}</th>
            <th>{t('history.state')}</th>
            <th>{t('ppob.products')}</th>
            <th>{t('ppob.customerNo')}</th>
          </tr>
        </thead>
        <tbody>
          {purchases.map((purchase) => (
            <tr
              key={purchase.reference}
              className="row-link"
              data-state={purchase.state}
              tabIndex={0}
              onClick={() => onOpen(purchase.reference)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onOpen(purchase.reference);
                }
              }}
            >
              <td className="mono nowrap">
                {purchase.businessDate === today ? '' : `${clock.day(purchase.businessDate)} `}
                {clock.time(purchase.createdAt)}
              </td>
              <td className="num nowrap">{formatRupiah(purchase.totalMinor, language)}</td>
              <td>
                <span className={`badge tone-${purchaseTone(purchase)}`}>
                  {t(`ppob.headline.${purchase.state}` as MessageKey)}
                </span>
                <span className="badge">{t(purchase.method === 'cash' ? 'ppob.cash' : 'ppob.qris')}</span>
              </td>
              <td className="ellipsis">{purchase.productName}</td>
              <td className="mono">{purchase.customerNo}</td>
            </tr>
          ))}
          {purchases.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                {t('history.ppobNone')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
