import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultLanguage, initialLanguage, languages, type Language } from '../src/i18n/options.js';
import { mergeLocaleFiles } from '../src/i18n/merge-locale.js';
import { flatten, readLocale } from './support/locales.js';

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/** `triage.alertCount_one` and `triage.alertCount_other` are one message: `triage.alertCount`. */
function messageKeys(flat: Map<string, string>): Set<string> {
  return new Set([...flat.keys()].map((key) => key.replace(pluralSuffix, '')));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const flat: Record<Language, Map<string, string>> = {
  vi: flatten(readLocale('vi')),
  en: flatten(readLocale('en')),
};

describe('translation files', () => {
  it('have the same messages in Vietnamese and English', () => {
    const vi = messageKeys(flat.vi);
    const en = messageKeys(flat.en);
    expect(
      [...vi].filter((key) => !en.has(key)),
      'in vi only',
    ).toEqual([]);
    expect(
      [...en].filter((key) => !vi.has(key)),
      'in en only',
    ).toEqual([]);
    expect(vi.size).toBeGreaterThan(100);
  });

  it('give every plural message the forms its language needs', () => {
    for (const language of languages) {
      const texts = flat[language];
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const plurals = new Set(
        [...texts.keys()]
          .filter((key) => pluralSuffix.test(key))
          .map((key) => key.replace(pluralSuffix, '')),
      );
      // A message is plural in one language when it is in the other: Vietnamese has only `other`.
      for (const other of languages)
        for (const key of flat[other].keys())
          if (pluralSuffix.test(key)) plurals.add(key.replace(pluralSuffix, ''));
      for (const key of plurals)
        for (const category of categories)
          expect(texts.has(`${key}_${category}`), `${language}: ${key}_${category}`).toBe(true);
    }
  });

  it('use the same placeholders in both languages, and no empty text', () => {
    const vi = flat.vi;
    const en = flat.en;
    for (const [key, text] of vi) {
      expect(text.trim(), `vi ${key}`).not.toBe('');
      const counterpart = en.get(key) ?? en.get(key.replace(pluralSuffix, '_other'));
      if (counterpart !== undefined)
        expect(placeholders(text), key).toEqual(placeholders(counterpart));
    }
    for (const [key, text] of en) expect(text.trim(), `en ${key}`).not.toBe('');
  });
});

describe('language choice', () => {
  it('is Vietnamese unless English was chosen before', () => {
    expect(defaultLanguage).toBe('vi');
    expect(initialLanguage(null)).toBe('vi');
    expect(initialLanguage('fr')).toBe('vi');
    expect(initialLanguage('en')).toBe('en');
    expect(initialLanguage('vi')).toBe('vi');
  });
});

describe('the app’s use of the translation files', () => {
  const sources = readdirSync(new URL('../src', import.meta.url), {
    recursive: true,
    encoding: 'utf8',
  })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8'));

  it('asks only for messages that exist', () => {
    const vi = messageKeys(flat.vi);
    const groups = new Set(
      [...vi].flatMap((key) =>
        key
          .split('.')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
      ),
    );
    const missing: string[] = [];
    let asked = 0;
    for (const source of sources) {
      for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) {
        asked += 1;
        if (!vi.has(match[1] ?? '')) missing.push(match[1] ?? '');
      }
      // t(`nav.${id}`): the group before the placeholder must exist.
      for (const match of source.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)) {
        asked += 1;
        if (!groups.has(match[1] ?? '')) missing.push(`${match[1] ?? ''}.*`);
      }
    }
    expect(missing).toEqual([]);
    expect(asked).toBeGreaterThan(50);
  });
});

describe('translation files split by part of the app', () => {
  it('refuse two files that claim the same group', () => {
    expect(() =>
      mergeLocaleFiles({ 'a.json': { nav: { x: 'X' } }, 'b.json': { nav: { y: 'Y' } } }),
    ).toThrow('translation group "nav" is in both a.json and b.json');
    expect(mergeLocaleFiles({ 'a.json': { nav: { x: 'X' } }, 'b.json': { docs: {} } })).toEqual({
      nav: { x: 'X' },
      docs: {},
    });
  });

  it('come in the same files for both languages', () => {
    const names = (language: Language) =>
      readdirSync(new URL(`../src/i18n/locales/${language}/`, import.meta.url)).sort();
    expect(names('en')).toEqual(names('vi'));
  });
});
