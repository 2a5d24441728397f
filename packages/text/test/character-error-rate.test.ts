import { describe, expect, it } from 'vitest';
import { bestSubstringDistance, characterErrorRate } from '../src/index.js';

describe('order-free character error rate', () => {
  it('finds a line anywhere in the OCR text', () => {
    expect(bestSubstringDistance('Sở Y tế', 'UBND TỈNH — Sở Y tế — LÂM ĐỒNG')).toBe(0);
    expect(bestSubstringDistance('Sở Y tế', 'xx SỚ Y tế xx')).toBe(1);
  });

  it('ignores reading order between lines but charges misread characters', () => {
    const truth = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 125/SYT-NVY'];
    const ocr = 'Số: 125/SYT-NVY CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    expect(characterErrorRate(truth, ocr).rate).toBe(0);
    const damaged = characterErrorRate(truth, 'Só: 125/SYT-NVY CONG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(damaged.errors).toBe(2);
    expect(damaged.characters).toBe(49);
  });

  it('can ignore diacritics, as matching does', () => {
    expect(
      characterErrorRate(['tỉnh Lâm Đồng'], 'tính Lâm Đồng', { foldDiacritics: true }).rate,
    ).toBe(0);
  });
});
