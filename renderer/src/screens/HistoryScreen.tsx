// History: today's payments by default; search by date range, amount, reference and state; open
// one to see everything that happened to it and act on it; export what is shown as CSV.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import { PAYMENT_STATE_NAMES } from '../../../preload/contract/payment-states';
import type { HistoryQuery, HistoryResult, PaymentStateName } from '../../../preload/contract/payments';
import { parseDayText } from '../../../preload/contract/wall-clock';
import { DayField } from '../components/DayField';
import { Notice } from '../components/Notice';
import { paymentTone, stateLabel } from '../components/status';
import { formatRupiah, minorOf, parseRupiahInput, useClock, walletText } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { STALE, useLatestCall } from '../hooks/useLatestCall';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';
import { PaymentDetail } from './PaymentDetail';
import { PurchaseDetail } from './PurchaseDetail';
import { PurchaseRows } from './PurchaseRows';

type StateFilter = '' | 'paid' | 'not_paid' | 'unresolved' | PaymentStateName;

interface Filters {
  from: string;
  to: string;
  amount: string;
  reference: string;
  state: StateFilter;
  kind: Kind;
}

type Kind = 'all' | 'payments' | 'ppob';
const KINDS: readonly Kind[] = ['all', 'payments', 'ppob'];

type Problem = 'amount' | 'from' | 'to';

/** The search main can run, or what stops it (a field that cannot be read). */
function toQuery(filters: Filters): HistoryQuery | Problem {
  const amountMinor = filters.amount.trim() === '' ? undefined : parseRupiahInput(filters.amount);
  if (amountMinor === null) return 'amount';
  const from = filters.from.trim() === '' ? undefined : parseDayText(filters.from);
  if (from === null) return 'from';
  const to = filters.to.trim() === '' ? undefined : parseDayText(filters.to);
  if (to === null) return 'to';
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(amountMinor ? { amountMinor } : {}),
    ...(filters.reference.trim() ? { reference: filters.reference.trim() } : {}),
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.kind === 'all' ? {} : { kind: filters.kind }),
  };
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const OUTCOME_FILTERS: { value: StateFilter; label: MessageKey }[] = [
  { value: '', label: 'history.allStates' },
  { value: 'paid', label: 'history.paid' },
  { value: 'not_paid', label: 'history.notPaid' },
  { value: 'unresolved', label: 'history.unresolved' },
];

/** The totals of the payments listed: what the cashier reconciles at a glance. */
function totalsOf(items: readonly { outcome: string; amountMinor: string; refundedMinor: string }[]) {
  let paid = 0n;
  let paidCount = 0;
  let refunded = 0n;
  for (const item of items) {
    if (item.outcome !== 'paid') continue;
    paid += minorOf(item.amountMinor);
    paidCount++;
    refunded += minorOf(item.refundedMinor);
  }
  return { paid, paidCount, refunded, net: paid - refunded };
}

export function HistoryScreen() {
  const { t, language } = useI18n();
  const clock = useClock();
  const today = clock.today();
  const [filters, setFilters] = useState<Filters>({
    from: clock.day(today),
    to: clock.day(today),
    amount: '',
    reference: '',
    state: '',
    kind: 'all',
  });
  const [result, setResult] = useState<HistoryResult | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [openPurchase, setOpenPurchase] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const latest = useLatestCall();
  const search = useCallback(
    async (current: Filters) => {
      const query = toQuery(current);
      // Through the same gate as a search, so a search still in flight cannot fill it in afterwards.
      const answer = await latest(async () =>
        typeof query === 'string' ? query : kasir().invoke('history:search', query),
      );
      if (answer === STALE) return;
      // A search that cannot run shows no rows: old ones would look like its matches.
      if (typeof answer === 'string') {
        setProblem(answer);
        setResult(null);
        return;
      }
      setProblem(null);
      if (answer.ok) {
        setResult(answer.value);
        setError(null);
      } else setError(answer.error);
    },
    [latest],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first search runs once, for today
  useEffect(() => {
    void search(filters);
  }, [search]);

  // Payments move while the screen is open (a recheck, a late answer): keep the list current.
  useKasirEvent('payment:changed', () => void search(filters));
  useKasirEvent('ppob:changed', () => void search(filters));

  const form = useRef<HTMLFormElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void search(filters);
    // A field that stops the search gets the cursor, as on every form.
    const problemField = toQuery(filters);
    if (typeof problemField === 'string')
      form.current?.querySelector<HTMLElement>(`[name="${problemField}"]`)?.focus();
  };

  const exportCsv = async () => {
    const query = toQuery(filters);
    if (typeof query === 'string') return;
    const answer = await kasir().invoke('history:export', query);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    download(answer.value.fileName, answer.value.csv);
    setExported(t('history.exported', { file: answer.value.fileName, count: answer.value.rows }));
  };

  const set = (patch: Partial<Filters>) => {
    setFilters((current) => ({ ...current, ...patch }));
    setProblem(null);
    setExported(null);
  };

  const items = result?.items ?? [];
  const purchases = result?.purchases ?? [];
  const showPayments = filters.kind !== 'ppob' || result === null;
  const totals = totalsOf(items);
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('nav.history')}</h2>
      <form ref={form} className="filters" onSubmit={submit}>
        <DayField
          label={t('history.from')}
          name="from"
          value={filters.from}
          invalid={problem === 'from'}
          onChange={(from) => set({ from })}
        />
        <DayField
          label={t('history.to')}
          name="to"
          value={filters.to}
          invalid={problem === 'to'}
          onChange={(to) => set({ to })}
        />
        <label className="field">
          <span>{t('history.amount')}</span>
          <input
            name="amount"
            inputMode="numeric"
            placeholder="10.000"
            value={filters.amount}
            aria-invalid={problem === 'amount' ? true : undefined}
            aria-describedby={problem === 'amount' ? 'history-bad-amount' : undefined}
            onChange={(e) => set({ amount: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('history.reference')}</span>
          <input
            name="reference"
            value={filters.reference}
            onChange={(e) => set({ reference: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('history.state')}</span>
          <select
            name="state"
            value={filters.state}
            onChange={(e) => set({ state: e.target.value as StateFilter })}
          >
            {OUTCOME_FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {t(option.label)}
              </option>
            ))}
            {PAYMENT_STATE_NAMES.map((state) => (
              <option key={state} value={state}>
                {t(stateLabel(state))}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('history.kind')}</span>
          <select name="kind" value={filters.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`history.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit" className="button primary">
            {t('history.search')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void exportCsv()}
            disabled={items.length === 0}
            title={items.length === 0 ? t('history.why.nothingToExport') : undefined}
          >
            {t('history.export')}
          </button>
        </div>
      </form>
      {problem && (
        <p className="error" role="alert" id="history-bad-amount">
          {t(problem === 'amount' ? 'history.badAmount' : 'history.badDay')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error.message[language]}
        </p>
      )}
      {exported && <Notice tone="ok">{exported}</Notice>}

      {result && showPayments && (
        <p className="summary" data-testid="history-summary">
          {t('history.count', { count: items.length })}
          {result.truncated ? ` ${t('history.truncated')}` : ''}
        </p>
      )}
      {showPayments && (
        <table className="table history-table">
          <colgroup>
            <col className="col-time" />
            <col className="col-amount" />
            <col className="col-state" />
            <col className="col-wallet" />
            <col className="col-ref" />
          </colgroup>
          <thead>
            <tr>
              <th>{t('history.time')}</th>
              <th className="num">{t('history.amount')}</th>
              <th>{t('history.state')}</th>
              <th>{t('history.wallet')}</th>
              <th>{t('history.references')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((payment) => (
              <tr
                key={payment.id}
                className="row-link"
                data-state={payment.state}
                tabIndex={0}
                onClick={() => setOpen(payment.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    setOpen(payment.id);
                  }
                }}
              >
                <td className="mono nowrap">
                  {payment.businessDate === today ? '' : `${clock.day(payment.businessDate)} `}
                  {clock.time(payment.createdAt)}
                </td>
                <td className="num nowrap">{formatRupiah(payment.amountMinor, language)}</td>
                <td>
                  <span className={`badge tone-${paymentTone(payment)}`}>{t(stateLabel(payment.state))}</span>
                  {payment.refundedMinor !== '0' && (
                    <span className="badge">
                      {t('history.refundedBadge', { amount: formatRupiah(payment.refundedMinor, language) })}
                    </span>
                  )}
                </td>
                <td className="ellipsis" title={walletText(payment.wallet)}>
                  {walletText(payment.wallet)}
                </td>
                <td className="refs">
                  <span
                    className="mono ellipsis"
                    title={`${t('history.providerRef')} ${payment.referenceNo ?? '—'}`}
                  >
                    {payment.referenceNo ?? '—'}
                  </span>
                  <span
                    className="mono small ellipsis muted"
                    title={`${t('history.ourRef')} ${payment.partnerReferenceNo}`}
                  >
                    {payment.partnerReferenceNo}
                  </span>
                </td>
              </tr>
            ))}
            {result && items.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  {t('history.none')}
                </td>
              </tr>
            )}
            {problem && (
              <tr>
                <td colSpan={5} className="empty">
                  {t('history.notSearched')}
                </td>
              </tr>
            )}
          </tbody>
          {result && items.length > 0 && (
            <tfoot data-testid="history-total">
              <tr>
                <th scope="row">{t('history.total')}</th>
                <td className="num nowrap">{formatRupiah(totals.paid, language)}</td>
                <td colSpan={3}>
                  {t('history.totalPaid', { count: totals.paidCount })}
                  {totals.refunded > 0n &&
                    ` · ${t('history.totalRefunded', { amount: formatRupiah(totals.refunded, language) })} · ${t('history.totalNet', { amount: formatRupiah(totals.net, language) })}`}
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
      {result && filters.kind !== 'payments' && (
        <PurchaseRows
          purchases={purchases}
          today={today}
          onOpen={setOpenPurchase}
          empty={filters.kind === 'ppob'}
        />
      )}
      {open !== null && <PaymentDetail paymentId={open} onClose={() => setOpen(null)} />}
      {openPurchase !== null && (
        <PurchaseDetail reference={openPurchase} onClose={() => setOpenPurchase(null)} />
      )}
    </section>
  );
}
