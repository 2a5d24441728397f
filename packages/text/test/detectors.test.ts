import { describe, expect, it } from 'vitest';
import {
  findPersonNames,
  assessSensitivity,
  detectDocumentCues,
  detectPersonalData,
  isValidCccd,
  isValidCmnd,
  isValidLandline,
  isValidMobile,
  pageTextFromPlain,
  textFeatures,
} from '../src/index.js';

describe('identifier validators', () => {
  it('accepts CCCD numbers with a real province code and a plausible century/sex digit', () => {
    expect(isValidCccd('068085123456', 2026)).toBe(true); // Lâm Đồng, male born 1985
    expect(isValidCccd('001304654321', 2026)).toBe(true); // Hà Nội, female born 2004
    expect(isValidCccd('003085123456', 2026)).toBe(false); // 003 is no province code
    expect(isValidCccd('068585123456', 2026)).toBe(false); // century digit 5 means born 2185
    expect(isValidCccd('068330123456', 2026)).toBe(false); // born 2030: in the future
    expect(isValidCccd('06808512345', 2026)).toBe(false); // 11 digits
  });

  it('accepts CMND-9, current mobile prefixes and 02x landlines', () => {
    expect(isValidCmnd('250775182')).toBe(true);
    expect(isValidCmnd('050775182')).toBe(false);
    expect(isValidMobile('0912345678')).toBe(true);
    expect(isValidMobile('0862345678')).toBe(true);
    expect(isValidMobile('0123456789')).toBe(false); // 012x prefixes were retired in 2018
    expect(isValidMobile('091234567')).toBe(false);
    expect(isValidLandline('02633822123')).toBe(true);
    expect(isValidLandline('0912345678')).toBe(false);
  });
});

const contactList = `UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ Độc lập - Tự do - Hạnh phúc
Số: 492/DS-SYT Lâm Đồng, ngày 13 tháng 7 năm 2021
DANH SÁCH
Các trường hợp tiếp xúc gần (F1) với ca bệnh COVID-19 BN92269
1 Trần Minh Thị Dung 1951 Nữ 068151775182 0842 995 854 187 Nguyễn Văn Trỗi, Phường 1, TP. Bảo Lộc
2 Nguyễn Ngọc Chi 1988 Nữ 250149026 0399.428.703 Thôn 4, xã Đạ K'Nàng, huyện Đam Rông
3 Đặng Văn Phương 1941 Nam 068041230101 0844365655 Thôn 8, xã Hiệp An, huyện Đức Trọng
Nơi nhận: KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC`;

describe('personal data and document cues', () => {
  it('counts identifiers, names, addresses and health words in a close-contact list', () => {
    const findings = Object.fromEntries(
      detectPersonalData(pageTextFromPlain(contactList), 2026).map((f) => [f.kind, f.count]),
    );
    expect(findings).toMatchObject({
      cccd: 2,
      cmnd: 1,
      'mobile-phone': 3,
      'person-name': 3,
      address: 3,
    });
    expect(findings['health-status']).toBeGreaterThanOrEqual(1);
  });

  it('never puts the values themselves in a finding', () => {
    const serialized = JSON.stringify(detectPersonalData(pageTextFromPlain(contactList), 2026));
    expect(serialized).not.toContain('068151775182');
    expect(serialized).not.toContain('0842');
    expect(serialized).not.toContain('Trần');
  });

  it('recognises the official layout and rates the list as a sensitive leak', () => {
    const page = pageTextFromPlain(contactList);
    expect(detectDocumentCues(page).sort()).toEqual(
      [
        'document-type',
        'issuing-body',
        'motto',
        'national-title',
        'number-symbol',
        'signature-block',
      ].sort(),
    );
    const assessment = assessSensitivity(page);
    expect(assessment.documentLike).toBe(true);
    expect(assessment.sensitive).toBe(true);
    expect(assessment.risk).toBeGreaterThan(0.7);
  });

  it('does not rate an ordinary post with a hotline as sensitive', () => {
    const post = pageTextFromPlain(
      'Khai trương quán bánh căn mới ở Phường 9 — giảm 20% tuần đầu!\nĐặt bàn: 0912 345 678',
    );
    const assessment = assessSensitivity(post);
    expect(assessment.documentLike).toBe(false);
    expect(assessment.sensitive).toBe(false);
    expect(assessment.risk).toBeLessThan(0.2);
  });

  it("does not rate another agency's letter without personal data as sensitive", () => {
    const letter = pageTextFromPlain(`UBND HUYỆN ĐỨC TRỌNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc
Số: 215/PGDĐT Đức Trọng, ngày 20 tháng 8 năm 2021
V/v tổ chức khai giảng năm học 2021 - 2022
Các đơn vị chủ động xây dựng phương án dạy học trực tuyến.
Nơi nhận: TRƯỞNG PHÒNG`);
    const assessment = assessSensitivity(letter);
    expect(assessment.documentLike).toBe(true);
    expect(assessment.sensitive).toBe(false);
  });
});

describe('text features', () => {
  it('extracts anchors that survive OCR damage and reading order', () => {
    const keys = textFeatures(contactList)
      .filter((f) => f.kind !== 'shingle')
      .map((f) => f.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'docno:492/ds-syt',
        'id:068151775182',
        'phone:0842995854',
        'phone:0399428703',
        'date:13/7/2021',
        'case:bn92269',
      ]),
    );
    const damaged = textFeatures('Só: 492 / DS-SYT\n0842 995854').map((f) => f.key);
    expect(damaged).toEqual(expect.arrayContaining(['docno:492/ds-syt', 'phone:0842995854']));
  });

  it('finds names in table cells whose borders OCR glued to the words', () => {
    const cells = ['|Nguyễn Minh', '[Lê Thanh Vũ', 'Tôn Bảo Thắng|', '|Ngô Khánh| 1985'];
    expect(cells.flatMap((cell) => findPersonNames(cell))).toEqual([
      'Nguyễn Minh',
      'Lê Thanh Vũ',
      'Tôn Bảo Thắng',
      'Ngô Khánh',
    ]);
    expect(findPersonNames('|đường Lê Hồng Phong, Phường 1')).toEqual([]);
  });
});
