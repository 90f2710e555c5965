/**
 * Expected failures as values: `fail()` makes one, `messageFor()` and `codeOf()` read the closed
 * table (error-table.ts) for the envelope, `pickLanguage()` picks the answer's language.
 */
import { ERROR_TABLE, LANGUAGES, type Language } from './error-table.ts';

export { ERROR_TABLE, LANGUAGES, type Language } from './error-table.ts';

export type ErrorName = Exclude<keyof typeof ERROR_TABLE, 'SUCCESS'>;
export type Params = Record<string, string | number>;

/** An expected failure, returned (never thrown) by services and mapped to the envelope in one place. */
export interface Failure {
  ok: false;
  error: ErrorName;
  params?: Params;
  /** Structured details returned in `data` (e.g. the current amount after a price change). */
  data?: unknown;
}

export function fail(error: ErrorName, params?: Params, data?: unknown): Failure {
  return { ok: false, error, ...(params ? { params } : {}), ...(data === undefined ? {} : { data }) };
}

export function messageFor(name: keyof typeof ERROR_TABLE, language: Language, params: Params = {}): string {
  const template: string = ERROR_TABLE[name].messages[language];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function codeOf(name: keyof typeof ERROR_TABLE): number {
  return ERROR_TABLE[name].code;
}

export function pickLanguage(...candidates: Array<string | undefined | null>): Language {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const part of candidate.toLowerCase().split(',')) {
      const tag = part.trim().slice(0, 2) as Language;
      if ((LANGUAGES as readonly string[]).includes(tag)) return tag;
    }
  }
  return 'zh';
}
