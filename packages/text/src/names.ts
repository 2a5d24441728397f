import { foldDiacritics } from './normalize.js';

/** Common Vietnamese family names (and K'Ho/Mạ name starts), diacritics folded. */
const familyNames = new Set(
  [
    'nguyễn',
    'trần',
    'lê',
    'phạm',
    'hoàng',
    'huỳnh',
    'phan',
    'vũ',
    'võ',
    'đặng',
    'bùi',
    'đỗ',
    'hồ',
    'ngô',
    'dương',
    'lý',
    'đinh',
    'trương',
    'lâm',
    'mai',
    'tôn',
    'cao',
    'đoàn',
    'lương',
    'tạ',
    'hà',
    'châu',
    'vương',
    'trịnh',
    'quách',
    'tăng',
    'lưu',
    'thái',
    'kiều',
    'la',
    'triệu',
    'đào',
    'văn',
    'khúc',
    'ka',
    "k'",
    'kră',
    'lơ',
  ].map((name) => foldDiacritics(name)),
);

/** Places whose names start like a family name ("Lâm Đồng", "Lâm Hà"). */
const placeNames = new Set([
  'lam dong',
  'lam ha',
  'lam vien',
  'ha noi',
  'ha tinh',
  'ha giang',
  'ha nam',
  'cao bang',
  'dinh van',
  'dao nguyen',
]);

/**
 * Personal names in a line of text: a known family name followed by 1–4 capitalised syllables,
 * ending at punctuation ("Nguyễn Văn Trỗi, Phường 1"). Streets and places named after people
 * ("đường Lê Hồng Phong", "187 Nguyễn Văn Trỗi,", "Lâm Đồng") are left out.
 */
export function findPersonNames(line: string): string[] {
  const names: string[] = [];
  // OCR reads table borders as `|`, `[` or `]` glued to the first or last word of a cell:
  // leading ones are dropped, trailing ones end the name like a comma.
  const tokens = line
    .normalize('NFC')
    .split(/\s+/)
    .map((token) => token.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[|[\](){}<>"“”]+$/u, ','));
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (!/^\p{Lu}/u.test(token)) continue;
    if (!familyNames.has(foldDiacritics(token.toLocaleLowerCase('vi')).replace(/[^a-z']/g, '')))
      continue;
    let length = 1;
    while (
      length < 5 &&
      !/[,;.]$/.test(tokens[i + length - 1] ?? '') &&
      /^\p{Lu}\p{Ll}+[,;.]?$/u.test(tokens[i + length] ?? '')
    )
      length += 1;
    const span = tokens.slice(i, i + length);
    const previous = foldDiacritics((tokens[i - 1] ?? '').toLocaleLowerCase('vi'));
    i += length - 1;
    if (length < 2 || /^\p{Lu}+$/u.test(span[1] ?? '')) continue;
    const name = span.join(' ').replace(/[,;.]$/, '');
    if (placeNames.has(foldDiacritics(name.toLocaleLowerCase('vi')))) continue;
    if (/^(duong|pho)$/.test(previous)) continue;
    if (/^\d+(\/\d+)?$/.test(previous) && (span.at(-1) ?? '').endsWith(',')) continue;
    names.push(name);
  }
  return names;
}
