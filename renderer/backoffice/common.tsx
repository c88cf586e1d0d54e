// What every view of the back office shares: the merchant's clock, money, ages, and how a failed
// call is shown.
import { createContext, useCallback, useContext, useState } from 'react';
import { wallClock } from '../../preload/contract/wall-clock';
import { formatRupiah } from '../src/format';
import { useI18n } from '../src/i18n';
import { ApiError } from './api';

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
