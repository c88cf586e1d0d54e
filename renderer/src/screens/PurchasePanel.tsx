// A digital-product sale after it was recorded, as the cashier must read it: amber while the provider
// works on it (and what to tell the customer), green with the PLN token or serial number large and
// grouped, red with what happened to the money — the QRIS refund sent by itself, or the cash to give
// back, which a supervisor then confirms.
import { useState } from 'react';
import type { PurchaseView } from '../../../preload/contract/ppob';
import { Amount } from '../components/Amount';
import { Notice } from '../components/Notice';
import { StatusPanel } from '../components/StatusPanel';
import { purchaseTone, refundStateLabel } from '../components/status';
import { formatRupiah } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { tokenGroups } from './ppob-model';

export function PurchasePanel({ purchase }: { purchase: PurchaseView }) {
  const { t, language } = useI18n();
  const tone = purchaseTone(purchase);
  const [copyNote, setCopyNote] = useState<'copied' | 'failed' | null>(null);
  const sn = purchase.sn;
  const token = sn?.token ?? null;
  const shown = token ?? sn?.raw ?? null;

  const copy = async () => {
    if (shown === null) return;
    try {
      await navigator.clipboard.writeText(token === null ? shown : tokenGroups(token).join(''));
      setCopyNote('copied');
    } catch {
      setCopyNote('failed');
    }
  };

  return (
    <section
      className={`status-panel purchase-panel tone-${tone}`}
      role="status"
      aria-live="polite"
      data-testid="purchase-panel"
      data-state={purchase.state}
    >
      <div className="status-headline">
        {tone === 'wait' && <span className="spinner" aria-hidden="true" />}
        <span>{t(`ppob.headline.${purchase.state}` as MessageKey)}</span>
      </div>
      <div className="purchase-what">
        <strong>{purchase.productName}</strong> · <span className="mono">{purchase.customerNo}</span>
        {purchase.customerName && <> · {purchase.customerName}</>}
      </div>
      <Amount minor={purchase.totalMinor} className="status-amount" />
      {purchase.method === 'cash' && purchase.changeMinor !== null && purchase.outcome !== 'failed' && (
        <div className="purchase-change" data-testid="purchase-change">
          {t('ppob.change')}: {formatRupiah(purchase.changeMinor, language)}
        </div>
      )}

      {purchase.payment && purchase.state === 'AWAITING_PAYMENT' && (
        <StatusPanel payment={purchase.payment} />
      )}

      {tone === 'wait' && purchase.state !== 'AWAITING_PAYMENT' && (
        <div className="purchase-tell" data-testid="purchase-tell">
          <strong>{t('ppob.tellCustomer')}</strong>{' '}
          {t(purchase.category === 'pln-prepaid' ? 'ppob.tell.token' : 'ppob.tell.other')}
        </div>
      )}
      {purchase.needsSupervisor && <Notice tone="wait">{t('ppob.needsSupervisor')}</Notice>}

      {tone === 'ok' && shown !== null && (
        <div className="purchase-sn">
          <span className="purchase-sn-label">{token !== null ? t('ppob.token') : t('ppob.sn')}</span>
          {token !== null ? (
            <div className="token-digits" data-testid="purchase-token">
              {tokenGroups(token).map((group, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the groups are positions, not items
                <span key={i}>{group} </span>
              ))}
            </div>
          ) : (
            <div className="sn-text mono" data-testid="purchase-sn">
              {shown}
            </div>
          )}
          {sn && (sn.tariff || sn.kwh) && (
            <div className="muted">
              {[
                sn.tariff,
                sn.powerVa === null ? null : `${sn.powerVa} VA`,
                sn.kwh === null ? null : `${sn.kwh} kWh`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </div>
          )}
          <button type="button" className="button" onClick={() => void copy()}>
            {t('ppob.copy')}
          </button>
          {copyNote && (
            <Notice tone={copyNote === 'copied' ? 'ok' : 'bad'}>
              {t(copyNote === 'copied' ? 'ppob.copied' : 'ppob.copyFailed')}
            </Notice>
          )}
        </div>
      )}

      {purchase.failure && (
        <p className="status-reason">
          <strong>{t('status.reason')}</strong> {purchase.failure[language]}
        </p>
      )}
      <p className="status-message">{purchase.message[language]}</p>

      {purchase.method === 'qris' && purchase.outcome === 'failed' && (
        <div className="purchase-refund" data-testid="purchase-refund">
          <p>
            <strong>{t('ppob.refundAuto')}</strong>
          </p>
          {purchase.refund && (
            <p data-refund-state={purchase.refund.state}>
              {t('ppob.refundState', { state: t(refundStateLabel(purchase.refund.state)) })}
            </p>
          )}
          {purchase.refundOwed && <p>{t('ppob.refundOwed')}</p>}
          {purchase.refundMessage && <p>{purchase.refundMessage[language]}</p>}
        </div>
      )}
      {purchase.cashToReturn && (
        <p className="purchase-return-cash" data-testid="purchase-return-cash">
          <strong>{t('ppob.returnCash', { amount: formatRupiah(purchase.totalMinor, language) })}</strong>
        </p>
      )}
      {purchase.cashReturned && <Notice tone="info">{t('ppob.cashReturned')}</Notice>}

      {purchase.reasonDetail && (
        <p className="status-detail code">
          {t('status.detail')} {purchase.reasonDetail}
        </p>
      )}
      <p className="status-detail code">
        {t('ppob.reference')} {purchase.reference}
        {purchase.transactionId ? ` · ${purchase.transactionId}` : ''}
      </p>
    </section>
  );
}
