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
