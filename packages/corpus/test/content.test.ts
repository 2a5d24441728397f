import { describe, expect, it } from 'vitest';
import {
  cccdNumber,
  healthDocument,
  healthDocumentKinds,
  mobileNumber,
  mobilePrefixes,
  person,
  provinceCodes,
  Random,
} from '../src/index.js';

describe('synthetic personal data', () => {
  it('builds CCCD numbers from province, century/sex, year and six digits', () => {
    const random = new Random('cccd');
    expect(cccdNumber(random, 'Nam', 1985)).toMatch(/^\d{3}085\d{6}$/);
    expect(cccdNumber(random, 'Nữ', 1985)).toMatch(/^\d{3}185\d{6}$/);
    expect(cccdNumber(random, 'Nam', 2004)).toMatch(/^\d{3}204\d{6}$/);
    expect(cccdNumber(random, 'Nữ', 2010)).toMatch(/^\d{3}310\d{6}$/);
    for (let i = 0; i < 200; i += 1) {
      const p = person(random);
      expect(provinceCodes).toContain(p.cccd.slice(0, 3));
      const centurySex = Number(p.cccd[3]);
      expect(centurySex).toBe((p.birthYear >= 2000 ? 2 : 0) + (p.sex === 'Nữ' ? 1 : 0));
      expect(p.cccd.slice(4, 6)).toBe(String(p.birthYear % 100).padStart(2, '0'));
    }
  });

  it('uses only current 10-digit mobile prefixes', () => {
    const random = new Random('phones');
    for (let i = 0; i < 200; i += 1) {
      const phone = mobileNumber(random);
      expect(phone).toMatch(/^0\d{9}$/);
      expect(mobilePrefixes).toContain(phone.slice(0, 3));
    }
  });
});

describe('document generator', () => {
  it('is a pure function of the seed', () => {
    for (const kind of healthDocumentKinds) {
      const a = healthDocument(new Random(`same-${kind}`), kind, 'x');
      const b = healthDocument(new Random(`same-${kind}`), kind, 'x');
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });

  it('gives look-alikes the same template but different substance', () => {
    for (const kind of healthDocumentKinds) {
      const a = healthDocument(new Random(`reg-${kind}`), kind, 'a');
      const b = healthDocument(new Random(`look-${kind}`), kind, 'b');
      expect(a.kind).toBe(b.kind);
      expect(a.numberSymbol).not.toBe(b.numberSymbol);
      const text = (spec: typeof a) => JSON.stringify(spec.blocks);
      expect(text(a)).not.toBe(text(b));
    }
  });

  it('follows the Decree 30 numbering: Số n/QĐ-…, n/BC-…, n/DS-…, công văn n/AGENCY-UNIT', () => {
    const symbol = (kind: (typeof healthDocumentKinds)[number]) =>
      healthDocument(new Random(`n-${kind}`), kind, 'n').numberSymbol;
    expect(symbol('quarantine-decision')).toMatch(/^\d+\/QĐ-[A-ZĐ]+$/);
    expect(symbol('investigation-report')).toMatch(/^\d+\/BC-[A-ZĐ]+$/);
    expect(symbol('close-contact-list')).toMatch(/^\d+\/DS-[A-ZĐ]+$/);
    expect(symbol('official-letter')).toMatch(/^\d+\/[A-ZĐ]+-[A-ZĐ]+$/);
  });
});
