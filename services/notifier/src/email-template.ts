import type { NotificationPayload } from './notification-payload.js';

const severityNames: Record<string, string> = {
  low: 'thấp',
  medium: 'trung bình',
  high: 'cao',
  critical: 'nghiêm trọng',
};

const subjects: Record<string, string> = {
  opened: 'Sự cố lộ lọt tài liệu mới',
  removed: 'Nội dung lộ lọt đã được gỡ',
  closed: 'Sự cố lộ lọt đã đóng',
  deadline_near: 'Sắp hết hạn xử lý sự cố',
};

/** dd/mm/yyyy hh:mm in Vietnam's time. */
function vietnamTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ngày ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** The e-mail to a receiving organisation, in Vietnamese, with the incident summary and link. */
export function emailFor(
  payload: NotificationPayload,
  targetName: string,
): { subject: string; text: string } {
  const { incident } = payload;
  const heading = subjects[payload.event] ?? 'Cập nhật sự cố lộ lọt';
  const due = new Date(new Date(incident.detectedAt).getTime() + 72 * 3_600_000).toISOString();
  return {
    subject: `[LeakWatch] ${heading}: ${incident.title}`,
    text: [
      `Kính gửi: ${targetName}`,
      '',
      `${heading}.`,
      `- Sự cố: ${incident.title}`,
      `- Mức độ: ${severityNames[incident.severity] ?? incident.severity}`,
      `- Thời điểm phát hiện: ${vietnamTime(incident.detectedAt)}`,
      ...(payload.event === 'opened'
        ? [`- Hạn thông báo vi phạm dữ liệu cá nhân (72 giờ): ${vietnamTime(due)}`]
        : []),
      ...(payload.reminder
        ? [
            `- Thời hạn: ${payload.reminder.label}`,
            payload.reminder.hoursBefore > 0
              ? `- Còn ${payload.reminder.hoursBefore} giờ, hết hạn lúc ${vietnamTime(payload.reminder.dueAt)}`
              : `- ĐÃ QUÁ HẠN lúc ${vietnamTime(payload.reminder.dueAt)}`,
          ]
        : []),
      '',
      `Chi tiết và xác nhận đã nhận: ${payload.link}`,
      '',
      'Thư này được gửi tự động từ hệ thống LeakWatch; vui lòng không trả lời thư này.',
    ].join('\n'),
  };
}
