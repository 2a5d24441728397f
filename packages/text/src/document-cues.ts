import { foldDiacritics, normalizeText } from './normalize.js';
import type { PageText } from './ocr-text.js';

/** Signs that an image shows an official Vietnamese document (Decree 30/2020 layout). */
export type DocumentCue =
  | 'national-title'
  | 'motto'
  | 'issuing-body'
  | 'number-symbol'
  | 'document-type'
  | 'signature-block';

const cuePatterns: Record<DocumentCue, RegExp> = {
  'national-title': /cong hoa xa hoi chu nghia viet nam/,
  motto: /doc lap\s*-?\s*tu do\s*-?\s*hanh phuc/,
  'issuing-body':
    /\b(ubnd|uy ban nhan dan|so y te|trung tam (kiem soat benh tat|y te)|ban chi dao|cong an|benh vien|phong giao duc|so [a-z ]{3,30})\b/,
  'number-symbol': /\bso\s*:?\s*\d{1,5}\s*\/\s*[a-z0-9]{1,8}(\s*-\s*[a-z0-9]{1,10}){0,3}/,
  'document-type':
    /\b(quyet dinh|danh sach|bao cao|cong van|ke hoach|thong bao|to trinh|huong dan|chi thi|cong dien)\b/,
  'signature-block':
    /\b(noi nhan|kt\.?\s*(giam doc|chu tich|truong ban|truong phong)|tm\.?\s*uy ban|pho giam doc|giam doc|chu tich)\b/,
};

export function detectDocumentCues(page: PageText): DocumentCue[] {
  const folded = foldDiacritics(normalizeText(page.lines.map((line) => line.text).join('\n')));
  return (Object.keys(cuePatterns) as DocumentCue[]).filter((cue) => cuePatterns[cue].test(folded));
}
