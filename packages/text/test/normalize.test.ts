import { describe, expect, it } from 'vitest';
import { foldDiacritics, joinDigitGroups, matchingForm, normalizeText } from '../src/index.js';

describe('Vietnamese normalisation', () => {
  it('composes, lower-cases and collapses whitespace', () => {
    // "Quyết" written with combining marks (NFD) becomes the composed form.
    expect(normalizeText('  Quye\u0302\u0301t   ĐỊNH ')).toBe('quyết định');
  });

  it('folds tone and vowel marks and đ', () => {
    expect(foldDiacritics('Sở Y tế tỉnh Lâm Đồng')).toBe('So Y te tinh Lam Dong');
    expect(foldDiacritics('tính')).toBe(foldDiacritics('tỉnh'));
  });

  it('joins digit groups of identifiers and phones only', () => {
    expect(joinDigitGroups('ĐT: 0912 345 678')).toBe('ĐT: 0912345678');
    expect(joinDigitGroups('0399.428.703')).toBe('0399428703');
    expect(joinDigitGroups('039 942 8703')).toBe('0399428703');
    expect(joinDigitGroups('ngày 15 tháng 7 năm 2021')).toBe('ngày 15 tháng 7 năm 2021');
    expect(joinDigitGroups('1951 250775182')).toBe('1951 250775182');
    // OCR splits a number anywhere, even 3 + 7, and glues table borders to it.
    expect(joinDigitGroups('|037 0419643 |Tổ 20')).toBe('|0370419643 |Tổ 20');
    expect(joinDigitGroups('0842 995 854 187 Nguyễn Văn Trỗi')).toBe(
      '0842995854 187 Nguyễn Văn Trỗi',
    );
  });

  it('gives OCR-damaged and clean text the same matching form', () => {
    expect(matchingForm('Sở Y tế tỉnh Lâm Đồng: 0912 345 678')).toBe(
      matchingForm('SỚ Y TÉ TÍNH LÂM ĐỒNG: 0912345678'),
    );
  });
});
