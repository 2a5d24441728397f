import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { mergeLocaleFiles, type Messages } from '../../src/i18n/merge-locale.js';
import { i18nOptions, languages, type Language } from '../../src/i18n/options.js';

export type { Messages };

/** The translation files as shipped (read from disk: the tests run in Node, not through Vite). */
export function readLocale(language: Language): Messages {
  const folder = new URL(`../../src/i18n/locales/${language}/`, import.meta.url);
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  return mergeLocaleFiles(
    Object.fromEntries(
      files.map((file) => [
        file,
        JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as Messages,
      ]),
    ),
  );
}

/** Every leaf as `a.b.c` → text. */
export function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else if (typeof value === 'object' && value !== null)
      for (const [inner, text] of flatten(value as Messages, path)) flat.set(inner, text);
    else throw new Error(`${path}: neither text nor a group`);
  }
  return flat;
}

/** An i18next instance set up exactly as the app's, for one language. */
export async function translatorFor(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    ...i18nOptions,
    lng: language,
    resources: Object.fromEntries(languages.map((lng) => [lng, { translation: readLocale(lng) }])),
  });
  return instance;
}
