import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { mergeLocaleFiles, type Messages } from './merge-locale.js';
import { i18nOptions, initialLanguage, languageStorageKey, type Language } from './options.js';

// Every file under locales/<language>/ (Vite bundles them; see merge-locale.ts).
const vi = mergeLocaleFiles(
  import.meta.glob<Messages>('./locales/vi/*.json', { eager: true, import: 'default' }),
);
const en = mergeLocaleFiles(
  import.meta.glob<Messages>('./locales/en/*.json', { eager: true, import: 'default' }),
);

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(languageStorageKey);
  } catch {
    return null;
  }
}

export async function setUpI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    ...i18nOptions,
    lng: initialLanguage(storedLanguage()),
    resources: { vi: { translation: vi }, en: { translation: en } },
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  return i18next;
}

export async function switchLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(languageStorageKey, language);
  } catch {
    // Private browsing may refuse storage: the switch still applies for this visit.
  }
  await i18next.changeLanguage(language);
}
