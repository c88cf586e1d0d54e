// History: today's payments by default; search by date range, amount, reference and state; open
// one to see everything that happened to it and act on it; export what is shown as CSV.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import { PAYMENT_STATE_NAMES } from '../../../preload/contract/payment-states';
import type { HistoryQuery, HistoryResult, PaymentStateName } from '../../../preload/contract/payments';
import { paymentTone, stateLabel } from '../components/status';
import { businessDay, clockTime, formatRupiah, parseRupiahInput, walletText } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';
import { PaymentDetail } from './PaymentDetail';

type StateFilter = '' | 'paid' | 'not_paid' | 'unresolved' | PaymentStateName;

interface Filters {
  from: string;
  to: string;
  amount: string;
  reference: string;
  state: StateFilter;
}

function toQuery(filters: Filters): HistoryQuery | null {
  const amountMinor = filters.amount.trim() === '' ? undefined : parseRupiahInput(filters.amount);
  if (amountMinor === null) return null;
  return {
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(amountMinor ? { amountMinor } : {}),
    ...(filters.reference.trim() ? { reference: filters.reference.trim() } : {}),
    ...(filters.state ? { state: filters.state } : {}),
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

export function HistoryScreen() {
  const { t, language } = useI18n();
  const today = businessDay(Date.now());
  const [filters, setFilters] = useState<Filters>({
    from: today,
    to: today,
    amount: '',
    reference: '',
    state: '',
  });
  const [result, setResult] = useState<HistoryResult | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [badAmount, setBadAmount] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const search = useCallback(async (current: Filters) => {
    const query = toQuery(current);
    setBadAmount(query === null);
    if (query === null) return;
    const answer = await kasir().invoke('history:search', query);
    if (answer.ok) {
      setResult(answer.value);
      setError(null);
    } else setError(answer.error);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first search runs once, for today
  useEffect(() => {
    void search(filters);
  }, [search]);

  // Payments move while the screen is open (a recheck, a late answer): keep the list current.
  useKasirEvent('payment:changed', () => void search(filters));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void search(filters);
  };

  const exportCsv = async () => {
    const query = toQuery(filters);
    if (query === null) return;
    const answer = await kasir().invoke('history:export', query);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    download(answer.value.fileName, answer.value.csv);
    setExported(t('history.exported', { file: answer.value.fileName, rows: answer.value.rows }));
  };

  const set = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));

  const items = result?.items ?? [];
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('nav.history')}</h2>
      <form className="filters" onSubmit={submit}>
        <label className="field">
          <span>{t('history.from')}</span>
          <input
            type="date"
            name="from"
            value={filters.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('history.to')}</span>
          <input type="date" name="to" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('history.amount')}</span>
          <input
            name="amount"
            inputMode="numeric"
            placeholder="10.000"
            value={filters.amount}
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
        <div className="filter-actions">
          <button type="submit" className="button primary">
            {t('history.search')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void exportCsv()}
            disabled={items.length === 0}
          >
            {t('history.export')}
          </button>
        </div>
      </form>
      {badAmount && <p className="error">{t('refund.badAmount')}</p>}
      {error && (
        <p className="error" role="alert">
          {error.message[language]}
        </p>
      )}
      {exported && (
        <p className="notice" role="status">
          {exported}
        </p>
      )}

      {result && (
        <p className="summary" data-testid="history-summary">
          {t('history.count', { count: items.length })}
          {result.truncated ? ` ${t('history.truncated')}` : ''}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>{t('history.time')}</th>
            <th className="num">{t('history.amount')}</th>
            <th>{t('history.state')}</th>
            <th>{t('history.wallet')}</th>
            <th>{t('history.providerRef')}</th>
            <th>{t('history.ourRef')}</th>
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
                if (event.key === 'Enter') setOpen(payment.id);
              }}
            >
              <td className="mono">
                {payment.businessDate === today ? '' : `${payment.businessDate} `}
                {clockTime(payment.createdAt)}
              </td>
              <td className="num">{formatRupiah(payment.amountMinor, language)}</td>
              <td>
                <span className={`badge tone-${paymentTone(payment)}`}>{t(stateLabel(payment.state))}</span>
                {payment.refundedMinor !== '0' && (
                  <span className="badge tone-wait">
                    {t('history.refundedBadge', { amount: formatRupiah(payment.refundedMinor, language) })}
                  </span>
                )}
              </td>
              <td>{walletText(payment.wallet)}</td>
              <td className="mono">{payment.referenceNo ?? '—'}</td>
              <td className="mono small">{payment.partnerReferenceNo}</td>
            </tr>
          ))}
          {result && items.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                {t('history.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {open !== null && <PaymentDetail paymentId={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
