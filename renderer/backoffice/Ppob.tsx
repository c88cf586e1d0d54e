// The back office's PPOB side: the day report's digital-products section (sold by category with
// cost and margin, cash taken, purchases still open by age, the automatic refunds of failed QRIS
// sales), and the purchases history across terminals with one purchase's events and callbacks.
import { useState } from 'react';
import type {
  LedgerPurchase,
  PpobReport,
  PpobTotals,
  PurchaseDetail,
} from '../../preload/contract/backoffice';
import { BACKOFFICE_API, PurchaseDetailSchema, PurchasesPageSchema } from '../../preload/contract/backoffice';
import { PURCHASE_STATE_NAMES } from '../../preload/contract/payment-states';
import { formatRupiah } from '../src/format';
import { useI18n } from '../src/i18n';
import type { MessageKey } from '../src/i18n/messages';
import { get } from './api';
import {
  age,
  Choice,
  DateField,
  Failure,
  Money,
  MoreButton,
  TableHead,
  TerminalName,
  Total,
  useDateTime,
  usePages,
} from './common';

type PurchaseState = (typeof PURCHASE_STATE_NAMES)[number];

const CATEGORY_LABELS: Record<string, MessageKey> = {
  pulsa: 'bo.cat.pulsa',
  data: 'bo.cat.data',
  'pln-prepaid': 'bo.cat.pln-prepaid',
  'pln-postpaid': 'bo.cat.pln-postpaid',
  bpjs: 'bo.cat.bpjs',
  pdam: 'bo.cat.pdam',
  ewallet: 'bo.cat.ewallet',
};

/** A category's name; one this page does not know yet (a newer terminal's) as the terminal sent it. */
function useCategoryName(): (category: string) => string {
  const { t } = useI18n();
  return (category) => {
    const key = CATEGORY_LABELS[category];
    return key === undefined ? category : t(key);
  };
}

export function purchaseStateKey(state: PurchaseState): MessageKey {
  return `bo.ps.${state}` as MessageKey;
}

function TotalsCells({ totals }: { totals: PpobTotals }) {
  return (
    <>
      <td>
        <Money minor={totals.sellingMinor} /> <small>×{totals.count}</small>
      </td>
      <td>
        <Money minor={totals.costMinor} />
      </td>
      <td className={totals.marginMinor.startsWith('-') ? 'warn' : undefined}>
        <Money minor={totals.marginMinor} />
      </td>
    </>
  );
}

/** The day report's PPOB section. */
export function PpobReportSection({ ppob }: { ppob: PpobReport }) {
  const { t, language } = useI18n();
  const categoryName = useCategoryName();
  const { refunds } = ppob;
  const anything = ppob.sold.count > 0 || ppob.pending.count > 0 || refunds.owed.count > 0;
  return (
    <section aria-labelledby="bo-ppob-report" data-testid="ppob-report">
      <h3 id="bo-ppob-report">{t('bo.ppob.title')}</h3>
      {!anything && Object.values(ppob.states).every((b) => b.count === 0) ? (
        <p className="hint">{t('bo.ppob.none')}</p>
      ) : (
        <>
          <div className="bo-totals">
            <Total
              label={t('bo.ppob.sold')}
              minor={ppob.sold.sellingMinor}
              count={ppob.sold.count}
              testId="ppob-sold"
            />
            <Total label={t('bo.ppob.cost')} minor={ppob.sold.costMinor} />
            <Total label={t('bo.ppob.margin')} minor={ppob.sold.marginMinor} testId="ppob-margin" />
            <Total
              label={t('bo.ppob.cash')}
              minor={ppob.cash.totalMinor}
              count={ppob.cash.count}
              testId="ppob-cash"
            />
            <Total label={t('bo.ppob.qris')} minor={ppob.qris.totalMinor} count={ppob.qris.count} />
          </div>
          <table className="bo-table" data-testid="ppob-categories">
            <TableHead columns={['bo.ppob.category', 'bo.ppob.sold', 'bo.ppob.cost', 'bo.ppob.margin']} />
            <tbody>
              {ppob.categories.map((line) => (
                <tr key={line.category}>
                  <td>{categoryName(line.category)}</td>
                  <TotalsCells totals={line} />
                </tr>
              ))}
            </tbody>
          </table>
          <table className="bo-table" data-testid="ppob-terminals">
            <TableHead
              columns={[
                'bo.shop',
                'bo.terminal',
                'bo.ppob.sold',
                'bo.ppob.cost',
                'bo.ppob.margin',
                'bo.ppob.cash',
                'bo.ppob.qris',
                'bo.ppob.failed',
                'bo.open',
              ]}
            />
            <tbody>
              {ppob.terminals.map((line) => (
                <tr key={line.terminalId}>
                  <td>{line.shop}</td>
                  <td>
                    <TerminalName label={line.label} code={line.terminalCode} />
                  </td>
                  <TotalsCells totals={line.sold} />
                  <td>
                    <Money minor={line.cash.totalMinor} />
                  </td>
                  <td>
                    <Money minor={line.qris.totalMinor} />
                  </td>
                  <td>{line.failed}</td>
                  <td className={line.pending > 0 ? 'warn' : undefined}>{line.pending}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="bo-columns">
            <div>
              <h4>{t('bo.ppob.pending')}</h4>
              {ppob.pending.count === 0 ? (
                <p className="hint">{t('bo.ppob.noPending')}</p>
              ) : (
                <ul className="bo-list" data-testid="ppob-pending">
                  {ppob.pending.byAge
                    .filter((band) => band.count > 0)
                    .map((band) => (
                      <li key={band.fromMs}>
                        {band.toMs === null
                          ? t('bo.ppob.bandOpen', { from: age(band.fromMs, language) })
                          : t('bo.ppob.band', {
                              from: age(band.fromMs, language),
                              to: age(band.toMs, language),
                            })}
                        : <strong>{band.count}</strong> (<Money minor={band.sellingMinor} />)
                      </li>
                    ))}
                </ul>
              )}
            </div>
            <div>
              <h4>{t('bo.ppob.refunds')}</h4>
              <dl className="bo-refunds" data-testid="ppob-refunds">
                {(
                  [
                    ['bo.ppob.owed', refunds.owed],
                    ['bo.ppob.refunded', refunds.refunded],
                    ['bo.ppob.inProgress', refunds.inProgress],
                    ['bo.ppob.missing', refunds.missing],
                  ] as const
                ).map(([label, bucket]) => (
                  <div
                    key={label}
                    className={label === 'bo.ppob.missing' && bucket.count > 0 ? 'warn' : undefined}
                  >
                    <dt>{t(label)}</dt>
                    <dd>
                      {bucket.count} · <Money minor={bucket.totalMinor} />
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function PurchaseDetailView({ detail, onClose }: { detail: PurchaseDetail; onClose: () => void }) {
  const { t, language } = useI18n();
  const dateTime = useDateTime();
  const p = detail.purchase;
  return (
    <section className="bo-detail" aria-labelledby="bo-purchase-detail" data-testid="purchase-detail">
      <h3 id="bo-purchase-detail">{t('bo.ppob.details', { ref: p.partnerReferenceId })}</h3>
      <dl className="bo-facts">
        <dt>{t('bo.ppob.product')}</dt>
        <dd>
          {p.productName}{' '}
          <small className="mono">
            ({p.provider} {p.productCode})
          </small>
        </dd>
        <dt>{t('bo.ppob.customer')}</dt>
        <dd className="mono">{p.customerNo}</dd>
        <dt>{t('bo.state')}</dt>
        <dd>{t(purchaseStateKey(p.state))}</dd>
        <dt>{t('bo.ppob.price')}</dt>
        <dd>
          {formatRupiah(p.sellingPriceMinor, language)} ({t('bo.ppob.cost')}{' '}
          {formatRupiah(p.buyPriceMinor, language)}, {t('bo.ppob.margin')}{' '}
          {formatRupiah(p.marginMinor, language)})
        </dd>
        <dt>{t('bo.ppob.paidBy')}</dt>
        <dd>
          {p.payment === null
            ? t('bo.ppob.paidBy.cash')
            : `${t('bo.ppob.paidBy.qris')} ${p.payment.partnerReferenceNo}${
                p.payment.state === null ? '' : ` · ${t(`state.${p.payment.state}` as MessageKey)}`
              }`}
        </dd>
        {p.refund && (
          <>
            <dt>{t('bo.ppob.refund')}</dt>
            <dd>
              <span className="mono">{p.refund.partnerRefundNo}</span> ·{' '}
              {t(`refundState.${p.refund.state}` as MessageKey)} ·{' '}
              {formatRupiah(p.refund.amountMinor, language)}
            </dd>
          </>
        )}
        {p.sn && (
          <>
            <dt>{t('bo.ppob.sn')}</dt>
            <dd className="mono">{p.sn}</dd>
          </>
        )}
      </dl>
      <h4>{t('bo.ppob.events')}</h4>
      <table className="bo-table" data-testid="purchase-events">
        <tbody>
          {detail.events.map((e) => (
            <tr key={e.seq}>
              <td>{dateTime(e.at)}</td>
              <td className="mono">{e.kind}</td>
              <td>{e.fromState || e.toState ? `${e.fromState ?? '–'} → ${e.toState ?? '–'}` : ''}</td>
              <td className="mono">{[e.providerStatus, e.responseCode].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('bo.ppob.callbacks')}</h4>
      {detail.callbacks.length === 0 ? (
        <p className="hint">{t('bo.ppob.noCallbacks')}</p>
      ) : (
        <ul className="bo-list" data-testid="purchase-callbacks">
          {detail.callbacks.map((c) => (
            <li key={c.hintId}>
              {dateTime(c.receivedAt)} · {c.status ?? '?'}
              {c.repeats > 0 && <small> {t('bo.repeats', { n: c.repeats })}</small>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onClose}>
        {t('bo.ppob.close')}
      </button>
    </section>
  );
}

/** The PPOB purchases across shops and terminals, newest first, with filters and one's details. */
export function PurchasesView({ today }: { today: string }) {
  const { t, language } = useI18n();
  const categoryName = useCategoryName();
  const dateTime = useDateTime();
  const [date, setDate] = useState(today);
  const [category, setCategory] = useState('');
  const [paidBy, setPaidBy] = useState('');
  const [state, setState] = useState('');
  const [detail, setDetail] = useState<PurchaseDetail | null>(null);
  const { items, last, more, failure } = usePages(
    BACKOFFICE_API.purchases,
    { date, category, paidBy, state },
    PurchasesPageSchema,
  );

  const open = (p: LedgerPurchase) => {
    failure.clear();
    const query = new URLSearchParams({ terminal: p.terminalId, ref: p.partnerReferenceId });
    get(`${BACKOFFICE_API.purchase}?${query}`, PurchaseDetailSchema).then(setDetail, failure.report);
  };

  return (
    <section aria-labelledby="bo-purchases">
      <h2 id="bo-purchases">{t('bo.ppob.title')}</h2>
      <div className="bo-toolbar">
        <DateField value={date} onChange={setDate} />
        <Choice
          label="bo.ppob.category"
          all="bo.ppob.allCategories"
          value={category}
          onChange={setCategory}
          options={(last?.categories ?? []).map((name) => ({ value: name, label: categoryName(name) }))}
        />
        <Choice
          label="bo.ppob.paidBy"
          all="bo.ppob.allPaidBy"
          value={paidBy}
          onChange={setPaidBy}
          options={[
            { value: 'cash', label: t('bo.ppob.paidBy.cash') },
            { value: 'qris', label: t('bo.ppob.paidBy.qris') },
          ]}
        />
        <Choice
          label="bo.state"
          all="bo.allStates"
          value={state}
          onChange={setState}
          options={PURCHASE_STATE_NAMES.map((name) => ({ value: name, label: t(purchaseStateKey(name)) }))}
        />
      </div>
      <Failure text={failure.failure} />
      <table className="bo-table" data-testid="purchases">
        <TableHead
          columns={[
            'bo.time',
            'bo.shop',
            'bo.terminal',
            'bo.ppob.product',
            'bo.ppob.customer',
            'bo.ppob.price',
            'bo.ppob.margin',
            'bo.ppob.paidBy',
            'bo.state',
            'bo.ppob.refund',
          ]}
        />
        <tbody>
          {items.map((p) => (
            <tr key={`${p.terminalId}|${p.partnerReferenceId}`} data-state={p.state}>
              <td>
                <button type="button" className="link" onClick={() => open(p)}>
                  {dateTime(p.createdAt)}
                </button>
              </td>
              <td>{p.shop}</td>
              <td>{p.label}</td>
              <td>
                {p.productName} <small>({categoryName(p.category)})</small>
              </td>
              <td className="mono">{p.customerNo}</td>
              <td>{formatRupiah(p.sellingPriceMinor, language)}</td>
              <td className={p.marginMinor.startsWith('-') ? 'warn' : undefined}>
                {formatRupiah(p.marginMinor, language)}
              </td>
              <td>{t(p.paidBy === 'cash' ? 'bo.ppob.paidBy.cash' : 'bo.ppob.paidBy.qris')}</td>
              <td>{t(purchaseStateKey(p.state))}</td>
              <td>{p.refund ? t(`refundState.${p.refund.state}` as MessageKey) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton more={more} />
      {detail && <PurchaseDetailView detail={detail} onClose={() => setDetail(null)} />}
    </section>
  );
}
