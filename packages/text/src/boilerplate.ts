import { textFeatures } from './features.js';

/**
 * Phrases every official document of the Decree 30/2020/NĐ-CP template carries (and the
 * table headers and legal bases of the COVID-era documents). Their shingles say nothing about
 * which document a picture shows, so they never count as evidence — even in a registry too
 * small for document frequency to reveal them.
 */
const phrases = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'UBND TỈNH LÂM ĐỒNG',
  'ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG',
  'SỞ Y TẾ TỈNH LÂM ĐỒNG',
  'TRUNG TÂM KIỂM SOÁT BỆNH TẬT TỈNH LÂM ĐỒNG',
  'BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19 TỈNH LÂM ĐỒNG',
  'Kính gửi: các đơn vị trực thuộc',
  'Nơi nhận: Như trên; Lưu: VT',
  'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC',
  'KT. CHỦ TỊCH PHÓ CHỦ TỊCH',
  'TM. ỦY BAN NHÂN DÂN CHỦ TỊCH',
  'KT. TRƯỞNG BAN PHÓ TRƯỞNG BAN',
  'STT Họ và tên Năm sinh Giới Số CCCD/CMND Điện thoại Địa chỉ Ghi chú',
  'TT Họ và tên Ngày sinh Số CCCD/CMND Điện thoại Quan hệ',
  'TT Họ và tên Năm sinh Số CCCD Điện thoại Mối liên hệ Xử lý',
  'Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007;',
  'Căn cứ Nghị định số 101/2010/NĐ-CP ngày 30 tháng 9 năm 2010 của Chính phủ quy định chi tiết thi hành một số điều của Luật Phòng, chống bệnh truyền nhiễm về áp dụng biện pháp cách ly y tế, cưỡng chế cách ly y tế và chống dịch đặc thù trong thời gian có dịch;',
  'Căn cứ Quyết định số 879/QĐ-BYT ngày 12 tháng 3 năm 2020 của Bộ Y tế về việc ban hành hướng dẫn cách ly y tế tại nhà, nơi lưu trú phòng chống dịch COVID-19;',
  'Căn cứ Quyết định số 878/QĐ-BYT ngày 12 tháng 3 năm 2020 của Bộ Y tế về việc ban hành hướng dẫn cách ly y tế tại cơ sở cách ly tập trung phòng chống dịch COVID-19;',
  'Quyết định này có hiệu lực kể từ ngày ký.',
  'chịu trách nhiệm thi hành Quyết định này./.',
  'đề nghị các đơn vị khẩn trương triển khai thực hiện./.',
  'Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.',
  'công tác phòng, chống dịch COVID-19 trên địa bàn tỉnh',
  'Trung tâm Y tế các huyện, thành phố',
  'UBND các huyện, thành phố',
  'Ban Chỉ đạo PCD COVID-19 tỉnh (b/c)',
  // Standard wording of the COVID-19 forms (close-contact lists, quarantine decisions, reports).
  'Các trường hợp tiếp xúc gần (F1) với ca bệnh COVID-19',
  'Thực hiện công tác điều tra dịch tễ, truy vết các trường hợp liên quan đến ca bệnh',
  'tổng hợp danh sách các trường hợp tiếp xúc gần (F1) như sau:',
  'Kết quả điều tra dịch tễ ca bệnh COVID-19',
  'Về việc cách ly y tế tại nhà để phòng, chống dịch COVID-19',
  'Về việc cách ly y tế tại cơ sở cách ly tập trung để phòng, chống dịch COVID-19',
  'Điều 1. Áp dụng biện pháp cách ly y tế tại nhà đối với:',
  'Điều 1. Áp dụng biện pháp cách ly y tế tập trung đối với:',
  'Tình hình dịch bệnh COVID-19 trên địa bàn tỉnh diễn biến phức tạp',
  'I. THÔNG TIN CA BỆNH',
  'II. TIỀN SỬ DỊCH TỄ VÀ LỊCH TRÌNH DI CHUYỂN',
  'III. CÁC TRƯỜNG HỢP TIẾP XÚC GẦN',
  'IV. CÁC BIỆN PHÁP ĐÃ TRIỂN KHAI',
  'V. ĐỀ XUẤT, KIẾN NGHỊ',
];

/** The feature keys of the template, computed once. */
export const boilerplateKeys: ReadonlySet<string> = new Set(
  phrases.flatMap((phrase) => textFeatures(phrase).map((feature) => feature.key)),
);
