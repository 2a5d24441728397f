import type { InitOptions } from 'i18next';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

/** Vietnamese first: the people who use LeakWatch every day work in it. */
export const defaultLanguage: Language = 'vi';
export const languageStorageKey = 'leakwatch.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The remembered choice, or Vietnamese. */
export function initialLanguage(stored: string | null): Language {
  return isLanguage(stored) ? stored : defaultLanguage;
}

/** Shared by the app and the tests, so both translate exactly alike. */
export const i18nOptions: InitOptions = {
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  // React escapes what it renders; escaping here too would show &amp; to the reader.
  interpolation: { escapeValue: false },
  returnNull: false,
};
