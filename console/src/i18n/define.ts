export const LANGUAGES = ['zh', 'en', 'th', 'vi', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { zh: '中文', en: 'English', th: 'ไทย', vi: 'Tiếng Việt', es: 'Español' };

/**
 * A screen's texts in every language: English names the keys, and the type makes every other
 * language carry exactly the same keys, so a missing translation fails the type check.
 * `{name}` marks a parameter.
 */
export function defineMessages<const E extends Record<string, string>>(
  messages: { en: E } & Record<Exclude<Language, 'en'>, { [K in keyof E]: string }>,
): Record<Language, Record<keyof E, string>> {
  return messages;
}
