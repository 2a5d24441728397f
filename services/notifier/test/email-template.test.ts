import { describe, expect, it } from 'vitest';
import { emailFor } from '../src/index.js';

const incident = {
  id: 'inc-1',
  title: 'Lộ lọt: Danh sách F1 phường 3',
  severity: 'critical',
  status: 'open',
  // 09:30 in Vietnam.
  detectedAt: '2026-12-01T02:30:00.000Z',
};

describe('e-mail templates', () => {
  it('tell a receiving organisation of an incident, with its acknowledgement link', () => {
    const { subject, text } = emailFor(
      { event: 'opened', incident, link: 'https://lw.example/incidents/inc-1' },
      'Sở Y tế tỉnh Lâm Đồng',
      { ackUrl: 'https://lw.example/api/notifications/n-1/ack?token=1.abc' },
    );
    expect(subject).toBe('[LeakWatch] Sự cố lộ lọt tài liệu mới: Lộ lọt: Danh sách F1 phường 3');
    expect(text).toContain('Kính gửi: Sở Y tế tỉnh Lâm Đồng');
    expect(text).toContain('- Mức độ: nghiêm trọng');
    expect(text).toContain('- Thời điểm phát hiện: 09:30 ngày 01/12/2026');
    expect(text).toContain('(72 giờ): 09:30 ngày 04/12/2026');
    expect(text).toContain('Chi tiết sự cố:\nhttps://lw.example/incidents/inc-1');
    expect(text).toContain(
      'Xác nhận đã nhận thông báo (không cần đăng nhập):\nhttps://lw.example/api/notifications/n-1/ack?token=1.abc',
    );
  });

  it('remind people of a deadline without an acknowledgement link', () => {
    const { text } = emailFor(
      {
        event: 'deadline_near',
        incident,
        link: 'https://lw.example/incidents/inc-1',
        reminder: { label: 'Thông báo vi phạm', dueAt: incident.detectedAt, hoursBefore: 0 },
      },
      'Cán bộ phụ trách',
    );
    expect(text).toContain('- ĐÃ QUÁ HẠN lúc 09:30 ngày 01/12/2026');
    expect(text).not.toContain('Xác nhận đã nhận');
  });

  it('tell administrators of a flood hold: document, page, counts and link', () => {
    const { subject, text } = emailFor(
      {
        event: 'flood_hold',
        link: 'https://lw.example/admin/flood-holds/h-1',
        recipients: ['quantri@syt.lamdong.gov.vn'],
        floodHold: {
          id: 'h-1',
          pageId: 'p-1',
          documentId: 'd-1',
          documentTitle: 'Mẫu phiếu khám sức khỏe',
          pageNumber: 2,
          triggerCount: 57,
          baselinePerHour: 0.125,
          startedAt: '2026-12-01T02:30:00.000Z',
        },
      },
      'Cán bộ phụ trách',
    );
    expect(subject).toBe(
      '[LeakWatch] Tạm giữ cảnh báo do số lượng khớp tăng đột biến: Mẫu phiếu khám sức khỏe',
    );
    expect(text).toContain('Tạm giữ cảnh báo do số lượng khớp tăng đột biến.');
    expect(text).toContain('- Tài liệu: Mẫu phiếu khám sức khỏe');
    expect(text).toContain('- Trang: 2');
    expect(text).toContain('- Số cảnh báo trong khoảng theo dõi: 57');
    expect(text).toContain('- Mức thông thường: 0,13 cảnh báo/giờ');
    expect(text).toContain('- Bắt đầu tạm giữ: 09:30 ngày 01/12/2026');
    expect(text).toContain('Xem xét và xử lý:\nhttps://lw.example/admin/flood-holds/h-1');
  });

  it('refuse an incident event without its incident (the row is retried, then failed)', () => {
    expect(() => emailFor({ event: 'opened', link: 'x' }, 'Sở Y tế')).toThrow(
      'the opened notification carries no incident',
    );
    expect(() => emailFor({ event: 'flood_hold', link: 'x' }, 'Sở Y tế')).toThrow(
      'the flood_hold notification carries no hold',
    );
  });
});
