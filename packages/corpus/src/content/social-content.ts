import type { Random } from '../random.js';

/** Everyday Vietnamese social-media text: what fills a feed besides leaked documents. */

export const cardTexts = [
  'Đà Lạt mùa hoa dã quỳ — hẹn nhau cuối tuần này nhé!',
  'Thông báo: Chợ phiên cuối tuần tạm nghỉ do mưa lớn',
  'Sống chậm lại, nghĩ khác đi, yêu thương nhiều hơn',
  'Cần tìm người đánh rơi ví tại bến xe Liên Nghĩa sáng nay',
  'Ai đi Bảo Lộc cho mình gửi ít đồ với ạ',
  'Chúc mừng ngày Nhà giáo Việt Nam 20/11',
  'Hôm nay trời đẹp, cà phê sáng ở hồ Xuân Hương không?',
  'Khai trương quán bánh căn mới — giảm 20% tuần đầu',
  'Cảnh báo lừa đảo qua điện thoại giả danh nhân viên ngân hàng',
  'Lịch cúp điện khu vực Phường 9 ngày mai từ 7h đến 16h',
  'Tuyển nhân viên phục vụ quán cà phê, ưu tiên sinh viên',
  'Mưa Đà Lạt chiều nay buồn ghê...',
  'Tặng lại bộ sách lớp 5 cho bạn nào cần',
  'Cứu hộ chó mèo Đà Lạt: bé Mực đang tìm chủ mới',
  'Giá rau hôm nay tại chợ đầu mối Đà Lạt giảm mạnh',
  'Đường lên đèo Prenn đang sửa, mọi người đi chậm nhé',
] as const;

export const captions = [
  'Lộ danh sách F1 ở Đức Trọng nè mọi người',
  'Ai quen người trong danh sách này không?',
  'Share gấp! Khu mình có ca nhiễm',
  'Văn bản mới của Sở Y tế, mọi người đọc kỹ nhé',
  'Nghe nói khu này sắp phong tỏa',
  'Chia sẻ để bà con biết mà phòng tránh',
  'Có ai ở thôn 4 không, vào xem đi',
  'Nóng: quyết định cách ly mới',
] as const;

export const memeCaptions: readonly [string, string][] = [
  ['KHI SẾP NÓI', 'HÔM NAY ĐƯỢC VỀ SỚM'],
  ['ĐÀ LẠT 12 ĐỘ', 'VẪN ĐI CÀ PHÊ SÁNG'],
  ['THỨ HAI ĐẦU TUẦN', 'NHƯ MỘT CƠN ÁC MỘNG'],
  ['ĐI CHỢ ĐÊM', 'VỀ TAY TRẮNG'],
  ['CUỐI THÁNG', 'VÍ CŨNG BIẾT KHÓC'],
  ['MƯA CẢ NGÀY', 'NẰM NHÀ ĐẮP CHĂN'],
];

export const newsHeadlines = [
  'Lâm Đồng: Hoàn thành tiêm vắc xin mũi 2 cho người trên 18 tuổi',
  'Đà Lạt đón hơn 50.000 lượt khách dịp cuối tuần',
  'Nông dân Đơn Dương trúng mùa cà chua, giá ổn định',
  'Sạt lở đèo Mimosa, phân luồng giao thông từ 18 giờ',
  'Khánh thành cầu mới nối hai xã vùng sâu huyện Đam Rông',
  'Festival Hoa Đà Lạt lần thứ IX sẽ diễn ra vào tháng 12',
  'Bảo Lộc: Giá cà phê tăng nhẹ trong tuần',
  'Học sinh Lâm Đồng trở lại trường sau kỳ nghỉ dài',
  'Cảnh sát giao thông tăng cường kiểm tra nồng độ cồn dịp lễ',
  'Mưa lớn gây ngập cục bộ tại trung tâm thành phố Đà Lạt',
] as const;

export const newsSentences = [
  'Theo ghi nhận của phóng viên, lượng khách tăng mạnh so với cùng kỳ năm trước.',
  'Chính quyền địa phương khuyến cáo người dân theo dõi thông tin thời tiết thường xuyên.',
  'Nhiều hộ dân cho biết năm nay thu nhập ổn định hơn nhờ áp dụng công nghệ cao.',
  'Lực lượng chức năng đã có mặt kịp thời để hướng dẫn giao thông.',
  'Dự kiến công trình sẽ hoàn thành và đưa vào sử dụng trong quý tới.',
  'Người dân được khuyến khích sử dụng các dịch vụ công trực tuyến.',
  'Các trường học đã chuẩn bị đầy đủ điều kiện đón học sinh.',
  'Ban tổ chức cho biết sẽ có nhiều hoạt động văn hóa đặc sắc.',
] as const;

export const pageNames = [
  'Báo Lâm Đồng',
  'Đà Lạt Review',
  'Cộng đồng Bảo Lộc',
  'Tin tức Đức Trọng',
  'Góc nhỏ Đà Lạt',
  'Chợ Đà Lạt Online',
  'Hội những người yêu Đà Lạt',
] as const;

export function newsParagraph(random: Random): string {
  return random.sample(newsSentences, random.int(2, 4)).join(' ');
}
