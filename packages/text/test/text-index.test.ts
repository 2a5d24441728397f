import { describe, expect, it } from 'vitest';
import {
  boilerplateKeys,
  featureHash,
  hashFeatures,
  TextIndex,
  textFeatures,
} from '../src/index.js';

const key = new Uint8Array(32).fill(7);
const boilerplate = new Set([...boilerplateKeys].map((k) => featureHash(k, key)));

const header = `UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ Độc lập - Tự do - Hạnh phúc`;

function letter(number: number, body: string[]): string {
  return [
    header,
    `Số: ${number}/SYT-NVY Lâm Đồng, ngày 12 tháng 8 năm 2021`,
    'Kính gửi: Trung tâm Y tế các huyện, thành phố',
    ...body,
    'Nơi nhận: Như trên; Lưu: VT',
    'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC',
  ].join('\n');
}

const registered = letter(125, [
  'Tình hình dịch bệnh COVID-19 trên địa bàn tỉnh diễn biến phức tạp; từ ngày 02/08/2021 đến nay đã ghi nhận 37 ca mắc mới',
  'trong đó 12 ca ghi nhận tại cộng đồng huyện Đức Trọng, tập trung ở xã Hiệp An và thị trấn Liên Nghĩa.',
  'Rà soát, lập danh sách người dân đi về từ các tỉnh, thành phố có dịch; tổ chức lấy mẫu xét nghiệm',
  'và hướng dẫn theo dõi sức khỏe tại nhà trong thời gian 14 ngày theo quy định của Bộ Y tế.',
  'Danh sách cần theo dõi: Nguyễn Văn Hùng, sinh năm 1978, điện thoại 0912 345 678, Thôn 3, xã Hiệp An;',
  'Trần Thị Mai, sinh năm 1990, điện thoại 0387 112 209, Tổ 5, thị trấn Liên Nghĩa.',
  'Tổng hợp kết quả thực hiện, gửi về Sở Y tế qua hộp thư điện tử trước 16 giờ 00 ngày 15/08/2021.',
]);

const lookalike = letter(131, [
  'Tình hình dịch bệnh COVID-19 trên địa bàn tỉnh diễn biến phức tạp; từ ngày 05/08/2021 đến nay đã ghi nhận 9 ca mắc mới',
  'trong đó 4 ca ghi nhận tại cộng đồng thành phố Bảo Lộc, chủ yếu ở phường Lộc Phát.',
  'Yêu cầu cán bộ, nhân viên y tế tuyệt đối không chụp, chia sẻ văn bản có thông tin cá nhân',
  'của người bệnh, người cách ly lên mạng xã hội Facebook, Zalo dưới bất kỳ hình thức nào.',
  'Phối hợp với lực lượng Công an và Tổ COVID cộng đồng kiểm tra việc chấp hành cách ly y tế tại nhà.',
]);

// Letters of one office reuse their opening sentence: in a real registry it is common text.
const other = letter(88, [
  'Tình hình dịch bệnh COVID-19 trên địa bàn tỉnh diễn biến phức tạp; từ ngày 28/07/2021 đến nay đã ghi nhận 21 ca mắc mới',
  'trong đó 6 ca ghi nhận tại cộng đồng huyện Di Linh.',
  'Báo cáo số liệu tiêm chủng vắc xin phòng COVID-19 theo biểu mẫu đính kèm trước ngày 20/08/2021.',
  'Phân bổ sinh phẩm xét nghiệm nhanh kháng nguyên cho các trạm y tế xã theo danh sách.',
]);

function indexOf(...pages: [string, string][]): TextIndex {
  const index = new TextIndex({ boilerplate });
  for (const [id, text] of pages)
    index.addPage({ pageId: `${id}-p1`, documentId: id }, hashFeatures(textFeatures(text), key));
  return index;
}

const lines = (text: string) => text.split('\n');

describe('TextIndex', () => {
  const index = indexOf(['doc-125', registered], ['doc-88', other]);

  it('finds the page a crop of 40% of its lines comes from, by containment', () => {
    const all = lines(registered);
    const crop = all.slice(5, 5 + Math.ceil(all.length * 0.4)).join('\n');
    const { candidates } = index.query(hashFeatures(textFeatures(crop), key));
    expect(candidates[0]?.documentId).toBe('doc-125');
    expect(candidates[0]?.containment).toBeGreaterThanOrEqual(0.5);
    expect(candidates[0]?.discriminativeContainment).toBeGreaterThanOrEqual(0.5);
    expect(candidates[0]?.discriminativeHits).toBeGreaterThanOrEqual(5);
  });

  it('gives a same-template look-alike almost nothing', () => {
    const { candidates } = index.query(hashFeatures(textFeatures(lookalike), key));
    const best = candidates.find((c) => c.documentId === 'doc-125');
    expect(best?.discriminativeContainment ?? 0).toBeLessThanOrEqual(0.1);
    expect(best?.containment ?? 0).toBeLessThan(0.2);
  });

  it('scores a full re-read of the page near 1', () => {
    const { candidates } = index.query(hashFeatures(textFeatures(registered), key));
    expect(candidates[0]?.documentId).toBe('doc-125');
    expect(candidates[0]?.containment).toBeGreaterThan(0.9);
  });

  it('forgets a revoked document at once, and after compaction', () => {
    const local = indexOf(['doc-125', registered], ['doc-88', other]);
    const query = hashFeatures(textFeatures(registered), key);
    local.removeDocument('doc-125');
    expect(local.query(query).candidates.some((c) => c.documentId === 'doc-125')).toBe(false);
    const before = local.stats().postings;
    local.compact();
    expect(local.stats().postings).toBeLessThan(before);
    expect(local.stats().pages).toBe(1);
  });

  it('keeps only keyed hashes: another key finds nothing', () => {
    const otherKey = new Uint8Array(32).fill(9);
    const { candidates } = index.query(hashFeatures(textFeatures(registered), otherKey));
    expect(candidates).toEqual([]);
  });
});

// Wording one office repeats in every letter (not on the built-in boilerplate list): in a
// registry of thousands of pages, document frequency alone reveals it.
const officeWording = [
  'Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về tăng cường các biện pháp phòng, chống dịch',
  'Sở Y tế đề nghị Trung tâm Y tế rà soát, lập danh sách người dân đi về từ vùng có dịch',
  'tổ chức lấy mẫu xét nghiệm và hướng dẫn theo dõi sức khỏe tại nhà trong thời gian 14 ngày.',
];
const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const middleNames = ['Văn', 'Thị', 'Hữu', 'Minh', 'Đức'];
const givenNames = ['Hùng', 'Mai', 'Lan', 'Dũng', 'Hải', 'Thảo', 'Phúc', 'Quang', 'Tâm', 'Yến'];

/** Letter `i` of the office: its wording plus one line of its own (a person, a phone number). */
function officeLetter(i: number): string {
  const name = `${familyNames[i % 8]} ${middleNames[Math.floor(i / 8) % 5]} ${givenNames[Math.floor(i / 40) % 10]}`;
  const phone = `09${String((i * 7_919_113) % 100_000_000).padStart(8, '0')}`;
  return letter(200 + i, [
    ...officeWording,
    `Trường hợp cần theo dõi: ${name}, sinh năm ${1950 + (i % 50)}, điện thoại ${phone}, thôn ${i + 1} xã Hiệp An`,
  ]);
}

function officeRegistry(letters: number, maxDocumentFrequency?: number): TextIndex {
  const index = new TextIndex({ boilerplate, maxDocumentFrequency });
  for (let i = 0; i < letters; i += 1)
    index.addPage({ pageId: `letter-${i}-p1`, documentId: `letter-${i}` }, letterFeatures(i));
  index.compact();
  return index;
}

const letterFeatures = (i: number) => hashFeatures(textFeatures(officeLetter(i)), key);

/** Seeded hashed features (for registries too large to write as text). */
function seededFeatures(seed: number, count: number, kind: 'shingle' | 'anchor' = 'shingle') {
  let state = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  return Array.from({ length: count }, () => {
    state = BigInt.asUintN(64, state * 6364136223846793005n + 1442695040888963407n);
    return { hash: BigInt.asIntN(64, state ^ (state >> 29n)), kind };
  });
}

describe('TextIndex: wording common to the registry', () => {
  it('ranks the page first from its own line when the rest of the query is shared wording', () => {
    const index = officeRegistry(80, 16);
    expect(index.stats().commonFeatures).toBeGreaterThan(20);
    const ownLine = lines(officeLetter(37)).filter((line) => line.startsWith('Trường hợp'));
    const query = hashFeatures(textFeatures([...officeWording, ...ownLine].join('\n')), key);
    const { candidates, queryFeatures, postingsWalked } = index.query(query);
    expect(candidates[0]?.documentId).toBe('letter-37');
    expect(candidates[0]?.discriminativeHits).toBeGreaterThanOrEqual(5);
    expect(candidates[0]?.anchorHits).toBeGreaterThanOrEqual(2);
    // Walking the shared wording would read 80 postings per feature; its own line reads one each.
    expect(queryFeatures).toBeGreaterThan(40);
    expect(postingsWalked).toBeLessThan(queryFeatures * 2);
  });

  it('scores discriminative evidence exactly as walking every posting would', () => {
    const capped = officeRegistry(80, 16);
    const uncapped = officeRegistry(80, Number.POSITIVE_INFINITY);
    expect(uncapped.stats().commonFeatures).toBe(0);
    for (const i of [0, 13, 41, 79]) {
      const crop = lines(officeLetter(i)).slice(3).join('\n');
      const query = hashFeatures(textFeatures(crop), key);
      const fast = capped.query(query);
      const full = uncapped.query(query);
      expect(fast.candidates[0]?.documentId).toBe(`letter-${i}`);
      expect(full.candidates[0]?.documentId).toBe(`letter-${i}`);
      expect(fast.candidates[0]?.discriminativeContainment).toBe(
        full.candidates[0]?.discriminativeContainment,
      );
      expect(fast.candidates[0]?.discriminativeHits).toBe(full.candidates[0]?.discriminativeHits);
      // Containment only loses the shared features' weight (1/80² each).
      const lost = (full.candidates[0]?.containment ?? 0) - (fast.candidates[0]?.containment ?? 0);
      expect(lost).toBeGreaterThan(0);
      expect(lost).toBeLessThan(0.01);
      expect(fast.postingsWalked).toBeLessThan(full.postingsWalked / 10);
    }
  });

  it('answers the same whether the wording became common before or after the last compaction', () => {
    const compacted = officeRegistry(80, 16);
    const growing = new TextIndex({ boilerplate, maxDocumentFrequency: 16 });
    for (let i = 0; i < 80; i += 1) {
      growing.addPage({ pageId: `letter-${i}-p1`, documentId: `letter-${i}` }, letterFeatures(i));
      if (i === 9) growing.compact();
    }
    expect(growing.stats().commonFeatures).toBe(0);
    const query = hashFeatures(textFeatures(officeLetter(52)), key);
    expect(growing.query(query).candidates).toEqual(compacted.query(query).candidates);
  });

  it('walks a bounded number of postings per query as the registry grows', () => {
    // Four templates of 40 shingles each; every page adds 30 shingles and 5 anchors of its own.
    const templates = [0, 1, 2, 3].map((t) => seededFeatures(1_000_000 + t, 40));
    const page = (p: number) => [
      ...(templates[p % 4] ?? []),
      ...seededFeatures(p * 2, 30),
      ...seededFeatures(p * 2 + 1, 5, 'anchor'),
    ];
    const walked: number[] = [];
    for (const pages of [100, 400, 2_000]) {
      const index = new TextIndex({ boilerplate: new Set() });
      for (let p = 0; p < pages; p += 1)
        index.addPage({ pageId: `p${p}`, documentId: `d${p}` }, page(p));
      index.compact();
      // A crop that reads all of page 37's template and 12 features of its own.
      const query = [...(templates[37 % 4] ?? []), ...page(37).slice(40, 52)];
      const result = index.query(query);
      expect(result.candidates[0]?.pageId).toBe('p37');
      walked.push(result.postingsWalked);
    }
    // Each template is on pages / 4 documents: 25 at 100 pages, under the default cap of 64, so
    // its 40 features are walked; from 400 pages on they are common and only the 12 own
    // features (one posting each) are read, however large the registry.
    expect(walked).toEqual([40 * 25 + 12, 12, 12]);
  });
});
