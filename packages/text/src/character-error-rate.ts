import { foldDiacritics } from './normalize.js';

export interface CharacterErrorRate {
  /** Edits needed ÷ ground-truth characters. */
  rate: number;
  errors: number;
  characters: number;
}

function clean(text: string, fold: boolean): string {
  const nfc = text.normalize('NFC').replace(/\|/g, ' ').replace(/\s+/g, ' ').trim();
  return fold ? foldDiacritics(nfc) : nfc;
}

/**
 * Smallest edit distance between `needle` and any substring of `haystack` (Sellers' variant of
 * Levenshtein: the match may start and end anywhere in the haystack).
 */
export function bestSubstringDistance(needle: string, haystack: string): number {
  const a = Array.from(needle);
  const b = Array.from(haystack);
  if (a.length === 0) return 0;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (ai === b[j - 1] ? 0 : 1);
      const insertion = (current[j - 1] as number) + 1;
      const deletion = (previous[j] as number) + 1;
      current[j] = Math.min(substitution, insertion, deletion);
    }
    [previous, current] = [current, previous];
  }
  let best = a.length;
  for (const value of previous) best = Math.min(best, value);
  return best;
}

/**
 * Order-free character error rate: each ground-truth line (a paragraph or a table row) is
 * charged the edits to its best-matching stretch of the OCR text, so the reading order between
 * blocks (two header columns, table cells) does not count but every misread character does.
 * This is the measure the OCR notes report (clean page ~0.5%, rectified phone photo ~3%).
 */
export function characterErrorRate(
  truthLines: readonly string[],
  ocrText: string,
  options: { foldDiacritics?: boolean } = {},
): CharacterErrorRate {
  const fold = options.foldDiacritics ?? false;
  const haystack = clean(ocrText, fold);
  let errors = 0;
  let characters = 0;
  for (const line of truthLines) {
    const needle = clean(line, fold);
    if (needle.length === 0) continue;
    characters += Array.from(needle).length;
    errors += bestSubstringDistance(needle, haystack);
  }
  return { rate: characters === 0 ? 0 : errors / characters, errors, characters };
}
