import { createHmac } from 'node:crypto';
import { findPersonNames } from './names.js';
import { foldDiacritics, joinDigitGroups, matchingLines, normalizeText } from './normalize.js';

/**
 * The text features a page (or a query image) is indexed by:
 * - `shingle`: three consecutive words within one line (order-insensitive across lines, since
 *   OCR reading order between blocks is unreliable, but stable along a line);
 * - `anchor`: identifying tokens that survive any cropping and reading order — document
 *   numbers (`492/ds-bcd`), 9- and 12-digit ID numbers, phone numbers, dates, case codes and
 *   people's names. A look-alike on the same template shares the wording, never these.
 */
/** `date` anchors identify weakly (documents of one season share dates); the rest strongly. */
export type FeatureKind = 'shingle' | 'anchor' | 'date';

export interface TextFeature {
  key: string;
  kind: FeatureKind;
}

const shingleSize = 3;

function anchorsOf(line: string): string[] {
  const form = foldDiacritics(joinDigitGroups(normalizeText(line)));
  const anchors: string[] = [];
  for (const m of form.matchAll(
    /(?<![\p{L}\p{N}])(\d{1,5})\s*\/\s*([a-z]{1,8}(?:\s*-\s*[a-z0-9]{1,10}){1,3})(?![\p{L}\p{N}])/gu,
  )) {
    anchors.push(`docno:${m[1]}/${(m[2] ?? '').replace(/\s+/g, '')}`);
  }
  for (const m of form.matchAll(/(?<!\d)(\d{9}|\d{10}|\d{11}|\d{12})(?!\d)/g)) {
    const digits = m[1] ?? '';
    const kind =
      digits.length === 10 && digits.startsWith('0')
        ? 'phone'
        : digits.length === 11 && digits.startsWith('02')
          ? 'phone'
          : 'id';
    anchors.push(`${kind}:${digits}`);
  }
  for (const m of form.matchAll(
    /(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)/g,
  )) {
    anchors.push(`date:${Number(m[1])}/${Number(m[2])}/${m[3]}`);
  }
  for (const m of form.matchAll(/ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d{2})/g)) {
    anchors.push(`date:${Number(m[1])}/${Number(m[2])}/${m[3]}`);
  }
  for (const m of form.matchAll(/\bbn\s?(\d{3,6})\b/g)) anchors.push(`case:bn${m[1]}`);
  for (const name of findPersonNames(line))
    anchors.push(`name:${foldDiacritics(name.toLocaleLowerCase('vi'))}`);
  return anchors;
}

/** The distinct features of a text (one line per line of the page). */
export function textFeatures(text: string): TextFeature[] {
  const seen = new Map<string, FeatureKind>();
  for (const rawLine of text.split(/\r?\n/)) {
    for (const anchor of anchorsOf(rawLine))
      seen.set(anchor, anchor.startsWith('date:') ? 'date' : 'anchor');
    const [line] = matchingLines(rawLine);
    if (!line) continue;
    for (let i = 0; i + shingleSize <= line.length; i += 1) {
      const key = `w:${line.slice(i, i + shingleSize).join(' ')}`;
      if (!seen.has(key)) seen.set(key, 'shingle');
    }
  }
  return [...seen].map(([key, kind]) => ({ key, kind }));
}

export interface HashedFeature {
  hash: bigint;
  kind: FeatureKind;
}

/**
 * Features leave this module only as keyed 64-bit hashes (HMAC-SHA-256, truncated, signed to
 * fit PostgreSQL's bigint): the registry never stores a registered page's words, and without
 * the deployment's key a stolen index cannot be tested against guessed names or numbers.
 */
export function hashFeatures(features: readonly TextFeature[], key: Uint8Array): HashedFeature[] {
  return features.map(({ key: text, kind }) => ({ hash: featureHash(text, key), kind }));
}

export function featureHash(text: string, key: Uint8Array): bigint {
  const digest = createHmac('sha256', key).update(text).digest();
  return digest.readBigInt64BE(0);
}
