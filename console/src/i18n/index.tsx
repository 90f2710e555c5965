import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setApiLanguage } from '../api.ts';
import { common } from './common.ts';
import { LANGUAGES, type Language } from './define.ts';
import { developerMessages } from './dev.ts';
import { playgroundMessages } from './dev-playground.ts';
import { operatorMessages } from './ops.ts';
import { operatorFloorMessages } from './ops-floor.ts';
import { operatorOfficeMessages } from './ops-office.ts';

export { LANGUAGE_NAMES, LANGUAGES, type Language } from './define.ts';

const DICTIONARIES = [common, operatorMessages, operatorFloorMessages, operatorOfficeMessages, developerMessages, playgroundMessages];
type Keys<D> = D extends Record<Language, Record<infer K, string>> ? K : never;
export type MessageKey = Keys<(typeof DICTIONARIES)[number]>;

function messagesOf(language: Language): Record<MessageKey, string> {
  return Object.assign({}, ...DICTIONARIES.map((dictionary) => dictionary[language]));
}

const STORAGE_KEY = 'ponte.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  const browser = navigator.language.slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(browser) ? (browser as Language) : 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const chosen = initialLanguage();
    setApiLanguage(chosen);
    return chosen;
  });
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setApiLanguage(next);
    document.documentElement.lang = next;
    setLanguageState(next);
  }, []);
  const value = useMemo(() => {
    const messages = messagesOf(language);
    const t: Translate = (key, params) =>
      (messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
    return { language, setLanguage, t };
  }, [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}

export function useT(): Translate {
  return useLanguage().t;
}
