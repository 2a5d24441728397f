/**
 * Vietnamese text normalisation for matching OCR output against registered text. OCR drops
 * and confuses diacritics (tỉnh→tính, Sở→SỚ) and spaces inside digit groups, and reads the
 * page in an unreliable order, so matching works on a lower-cased, diacritics-folded form with
 * digit groups joined, split into lines of words.
 */

/** NFC, lower-case (Vietnamese rules), whitespace collapsed. Diacritics kept. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

/** Removes tone and vowel marks: "Quyết định" → "quyet dinh"; đ → d. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * Joins digit groups written with spaces, dots or hyphens when the result has the length of
 * an identifier or a phone number (9–12 digits): "0912 345 678" → "0912345678",
 * "0399.428.703" → "0399428703". Other numbers ("ngày 15 tháng 7") are left alone.
 */
export function joinDigitGroups(text: string): string {
  return text.replace(/(?<!\d)\d{2,10}(?:[ .-]\d{2,10}){1,5}(?!\d)/g, (run) => {
    // A run may hold a number plus its neighbours ("0842 995 854 187" in a table row): from
    // each group, join the longest stretch of groups that makes 9–12 digits.
    const groups = run.split(/[ .-]/);
    const separators = run.match(/[ .-]/g) ?? [];
    const out: string[] = [];
    let i = 0;
    while (i < groups.length) {
      let joinedTo = -1;
      let digits = 0;
      for (let j = i; j < groups.length; j += 1) {
        digits += (groups[j] as string).length;
        if (digits > 12) break;
        if (digits >= 9 && j > i) joinedTo = j;
      }
      if (joinedTo >= 0) {
        out.push(groups.slice(i, joinedTo + 1).join(''));
        if (joinedTo + 1 < groups.length) out.push(separators[joinedTo] as string);
        i = joinedTo + 1;
      } else {
        out.push(groups[i] as string);
        if (i + 1 < groups.length) out.push(separators[i] as string);
        i += 1;
      }
    }
    return out.join('');
  });
}

/** Letters and digits only; everything else separates words. */
export function words(line: string): string[] {
  return line.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

/** The matching form of a line: normalised, digit groups joined, diacritics folded. */
export function matchingForm(line: string): string {
  return foldDiacritics(joinDigitGroups(normalizeText(line)));
}

/** Lines of matching-form words (empty lines dropped). */
export function matchingLines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((line) => words(matchingForm(line)))
    .filter((line) => line.length > 0);
}
