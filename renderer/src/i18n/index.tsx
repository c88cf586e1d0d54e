import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import type { Language } from '../../../preload/contract/app';
import { dictionaries, type Message, type MessageKey } from './messages';

export type Vars = Record<string, string | number>;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, vars?: Vars) => string;
}

const I18nContext = createContext<I18n | null>(null);

const pluralRules = {
  id: new Intl.PluralRules('id'),
  en: new Intl.PluralRules('en'),
} as const;

/** The form of a message for `count`: "1 payment", "2 payments"; Indonesian has one form. */
function pick(message: Message, language: Language, count: unknown): string {
  if (typeof message === 'string') return message;
  const n = typeof count === 'number' ? count : Number(count);
  return pluralRules[language].select(Number.isFinite(n) ? n : 0) === 'one' ? message.one : message.other;
}

export function translate(language: Language, key: MessageKey, vars: Vars = {}): string {
  const template = pick(dictionaries[language][key], language, vars.count);
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function I18nProvider({ initial = 'id', children }: { initial?: Language; children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(initial);
  const value = useMemo<I18n>(
    () => ({ language, setLanguage, t: (key, vars) => translate(language, key, vars) }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
