// What every view of the back office shares: the merchant's clock, money, ages, how a failed call
// is shown, and the pieces of a history (its filters, its header, its pages loaded by keyset).
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { z } from 'zod';
import { wallClock } from '../../preload/contract/wall-clock';
import { formatRupiah } from '../src/format';
import { useI18n } from '../src/i18n';
import type { MessageKey } from '../src/i18n/messages';
import { ApiError, get } from './api';

/** The merchant's UTC offset in minutes, as the server reports it: every time on the page is in it. */
export const OffsetContext = createContext(420);

export function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 420;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** "22-11-2026 10:31:05 WIB" at the merchant's offset. */
export function useDateTime(): (epochMs: number) => string {
  const offset = useContext(OffsetContext);
  return (epochMs) => wallClock(epochMs, offset);
}

export function useFailure() {
  const { language, t } = useI18n();
  const [failure, setFailure] = useState<string | null>(null);
  const report = useCallback(
    (error: unknown) =>
      setFailure(error instanceof ApiError ? error.messages[language] : t('bo.failedToLoad')),
    [language, t],
  );
  const clear = useCallback(() => setFailure(null), []);
  return { failure, report, clear };
}

export function Failure({ text }: { text: string | null }) {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

export function Money({ minor }: { minor: string }) {
  const { language } = useI18n();
  return <span className="money">{formatRupiah(minor, language)}</span>;
}

export function age(ms: number, language: 'id' | 'en'): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return language === 'id' ? `${minutes} menit` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return language === 'id' ? `${hours} jam` : `${hours} h`;
  return language === 'id' ? `${Math.floor(hours / 24)} hari` : `${Math.floor(hours / 24)} days`;
}

export function DateField({ value, onChange }: { value: string; onChange: (date: string) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('bo.date')} <input type="date" value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}

/** A filter: `all` is the empty choice, listed first. */
export function Choice({
  label,
  all,
  value,
  onChange,
  options,
}: {
  label: MessageKey;
  all: MessageKey;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}) {
  const { t } = useI18n();
  return (
    <label>
      {t(label)}{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t(all)}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function TableHead({ columns }: { columns: readonly MessageKey[] }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column}>{t(column)}</th>
        ))}
      </tr>
    </thead>
  );
}

interface Page {
  items: readonly unknown[];
  nextBefore: string | null;
}

/**
 * A history's pages, newest first: the first page again whenever a filter changes (empty filters are
 * left out), and `more` (null on the last page) adding the next one by its keyset cursor.
 */
export function usePages<P extends Page>(
  path: string,
  filters: Record<string, string>,
  schema: z.ZodType<P>,
) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString();
  const [items, setItems] = useState<P['items'][number][]>([]);
  const [last, setLast] = useState<P | null>(null);
  const failure = useFailure();
  const { report, clear } = failure;
  const load = useCallback(
    (before?: string) => {
      clear();
      const params = new URLSearchParams(query);
      if (before !== undefined) params.set('before', before);
      get(`${path}?${params}`, schema).then((page) => {
        setItems((shown) => (before === undefined ? [...page.items] : [...shown, ...page.items]));
        setLast(page);
      }, report);
    },
    [path, query, schema, report, clear],
  );
  useEffect(() => load(), [load]);
  const next = last?.nextBefore ?? null;
  return { items, last, more: next === null ? null : () => load(next), failure };
}

export function MoreButton({ more }: { more: (() => void) | null }) {
  const { t } = useI18n();
  return more ? (
    <button type="button" onClick={more}>
      {t('bo.more')}
    </button>
  ) : null;
}

/** One figure of a report's totals: an amount, and how many operations it adds when that counts. */
export function Total({
  label,
  minor,
  count,
  testId,
}: {
  label: string;
  minor: string;
  count?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <div>
      <span>{label}</span>
      <strong data-testid={testId}>
        <Money minor={minor} />
      </strong>
      {count !== undefined && <small>{t('bo.count', { n: count })}</small>}
    </div>
  );
}

export function TerminalName({ label, code }: { label: string; code: string }) {
  return (
    <>
      {label} <small>({code})</small>
    </>
  );
}
