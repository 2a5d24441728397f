import { foldDiacritics, joinDigitGroups, normalizeText } from './normalize.js';
import { findPersonNames } from './names.js';
import type { Box, PageText, TextLine } from './ocr-text.js';

/**
 * Detectors for the personal data that leaked COVID-era documents expose, each validating what
 * it finds (a CCCD must carry a real province code and a plausible century/sex digit; a mobile
 * number a prefix in use). Findings carry kinds, counts and positions — never the values, so
 * nothing personal reaches logs or alerts.
 */
export type FindingKind =
  | 'cccd'
  | 'cmnd'
  | 'mobile-phone'
  | 'landline'
  | 'date-of-birth'
  | 'person-name'
  | 'address'
  | 'health-status';

export interface Finding {
  kind: FindingKind;
  count: number;
  /** Where the values are, for blurring in the triage view. */
  boxes: Box[];
}

/** Province and city codes of the 12-digit citizen identity number (Circular 59/2021/TT-BCA). */
export const cccdProvinceCodes: ReadonlySet<string> = new Set([
  '001',
  '002',
  '004',
  '006',
  '008',
  '010',
  '011',
  '012',
  '014',
  '015',
  '017',
  '019',
  '020',
  '022',
  '024',
  '025',
  '026',
  '027',
  '030',
  '031',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '040',
  '042',
  '044',
  '045',
  '046',
  '048',
  '049',
  '051',
  '052',
  '054',
  '056',
  '058',
  '060',
  '062',
  '064',
  '066',
  '067',
  '068',
  '070',
  '072',
  '074',
  '075',
  '077',
  '079',
  '080',
  '082',
  '083',
  '084',
  '086',
  '087',
  '089',
  '091',
  '092',
  '093',
  '094',
  '095',
  '096',
]);

/** Mobile prefixes since the 2018–2019 move to 10 digits. */
export const mobilePrefixes: ReadonlySet<string> = new Set([
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '086',
  '096',
  '097',
  '098',
  '081',
  '082',
  '083',
  '084',
  '085',
  '088',
  '091',
  '094',
  '070',
  '076',
  '077',
  '078',
  '079',
  '089',
  '090',
  '093',
  '052',
  '056',
  '058',
  '092',
  '059',
  '099',
  '087',
]);

/** A 12-digit CCCD: province code, century/sex digit 0–3 (born 1900–2099), then a birth year not in the future. */
export function isValidCccd(digits: string, currentYear = new Date().getUTCFullYear()): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  if (!cccdProvinceCodes.has(digits.slice(0, 3))) return false;
  const centurySex = Number(digits[3]);
  if (centurySex > 3) return false;
  const year = (centurySex < 2 ? 1900 : 2000) + Number(digits.slice(4, 6));
  return year <= currentYear;
}

/** An old 9-digit CMND (void since 2025, still on 2021 lists); cannot start with 0. */
export function isValidCmnd(digits: string): boolean {
  return /^[1-9]\d{8}$/.test(digits);
}

export function isValidMobile(digits: string): boolean {
  return /^0\d{9}$/.test(digits) && mobilePrefixes.has(digits.slice(0, 3));
}

/** 0 + 3-digit area code (02x) + 7 digits, e.g. Lâm Đồng 0263 xxx xxxx. */
export function isValidLandline(digits: string): boolean {
  return /^02\d{9}$/.test(digits);
}

const healthTerms = [
  /\bf[012]\b/,
  /\bduong tinh\b/,
  /\bam tinh\b/,
  /\bcach ly\b/,
  /\bca benh\b/,
  /\bxet nghiem\b/,
  /\bsars-?cov-?2\b/,
  /\bbenh nhan\b/,
  /\bnghi nhiem\b/,
  /\bbn\s?\d{3,6}\b/,
  /\bcovid-?19\b/,
];

const addressCues = /\b(thon|xa|phuong|huyen|thi tran|to|tp|tinh|duong|khu pho|ap)\b/g;

interface Counter {
  count: number;
  boxes: Box[];
}

function lineBox(line: TextLine, needle: string): Box | undefined {
  const compact = needle.replace(/\D/g, '');
  for (const word of line.words) {
    if (!word.box) continue;
    const digits = word.text.replace(/\D/g, '');
    if (compact.length > 0 && digits.length >= 3 && compact.includes(digits)) return word.box;
  }
  return line.box;
}

/** Finds and counts personal data in a page of text. */
export function detectPersonalData(
  page: PageText,
  currentYear = new Date().getUTCFullYear(),
): Finding[] {
  const counters = new Map<FindingKind, Counter>();
  const add = (kind: FindingKind, box: Box | undefined) => {
    const counter = counters.get(kind) ?? { count: 0, boxes: [] };
    counter.count += 1;
    if (box) counter.boxes.push(box);
    counters.set(kind, counter);
  };

  for (const line of page.lines) {
    const joined = joinDigitGroups(normalizeText(line.text));
    const folded = foldDiacritics(joined);
    for (const m of joined.matchAll(/(?<!\d)(\d{9,12})(?!\d)/g)) {
      const digits = m[1] ?? '';
      if (digits.length === 12 && isValidCccd(digits, currentYear))
        add('cccd', lineBox(line, digits));
      else if (digits.length === 10 && isValidMobile(digits))
        add('mobile-phone', lineBox(line, digits));
      else if (digits.length === 11 && isValidLandline(digits))
        add('landline', lineBox(line, digits));
      else if (digits.length === 9 && isValidCmnd(digits)) add('cmnd', lineBox(line, digits));
    }
    // Dates of birth: explicit "sinh" context, or a date old enough not to be a document's own.
    const birthContext = /\bsinh\b/.test(folded);
    for (const m of joined.matchAll(/(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)/g)) {
      const day = Number(m[1]);
      const month = Number(m[2]);
      const year = Number(m[3]);
      const valid =
        day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1900 && year <= currentYear;
      if (valid && (birthContext || year <= currentYear - 10)) add('date-of-birth', line.box);
    }
    for (const m of folded.matchAll(/(?:sinh nam|nam sinh)\s*:?\s*((?:19|20)\d{2})\b/g))
      if (m[1]) add('date-of-birth', line.box);

    for (const _name of findPersonNames(line.text)) add('person-name', line.box);
    const cues = folded.replace(/cong hoa xa hoi chu nghia/g, '').match(addressCues)?.length ?? 0;
    if (cues >= 2) add('address', line.box);
    for (const term of healthTerms) if (term.test(folded)) add('health-status', line.box);
  }
  return [...counters].map(([kind, { count, boxes }]) => ({ kind, count, boxes }));
}
