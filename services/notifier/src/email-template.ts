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

const footer = 'Thư này được gửi tự động từ hệ thống LeakWatch; vui lòng không trả lời thư này.';

/** dd/mm/yyyy hh:mm in Vietnam's time. */
function vietnamTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ngày ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** A number as Vietnamese writes it: decimal comma, at most two decimals. */
function vietnameseNumber(value: number): string {
  return String(Math.round(value * 100) / 100).replace('.', ',');
}

type Incident = NonNullable<NotificationPayload['incident']>;

function incidentLines(incident: Incident): string[] {
  return [
    `- Sự cố: ${incident.title}`,
    `- Mức độ: ${severityNames[incident.severity] ?? incident.severity}`,
    `- Thời điểm phát hiện: ${vietnamTime(incident.detectedAt)}`,
  ];
}

function breachNoticeDue(incident: Incident): string {
  const due = new Date(new Date(incident.detectedAt).getTime() + 72 * 3_600_000).toISOString();
  return `- Hạn thông báo vi phạm dữ liệu cá nhân (72 giờ): ${vietnamTime(due)}`;
}

/** Work given to someone: the incident, or how many alerts and of which documents. */
function assignedEmail(payload: NotificationPayload, addressee: string) {
  const { assignment, incident } = payload;
  const who = assignment?.assignedBy
    ? `${assignment.assignedBy} đã phân công cho bạn`
    : 'Bạn được phân công';
  if (incident)
    return {
      subject: `[LeakWatch] Bạn được phân công xử lý sự cố: ${incident.title}`,
      lines: [
        `Kính gửi: ${assignment?.assigneeName ?? addressee}`,
        '',
        `${who} xử lý một sự cố lộ lọt tài liệu.`,
        ...incidentLines(incident),
        breachNoticeDue(incident),
        '',
        'Chi tiết sự cố:',
        payload.link,
      ],
    };
  const count = assignment?.alerts ?? 0;
  const documents = assignment?.documents ?? [];
  return {
    subject: `[LeakWatch] Bạn được phân công phân loại ${count} cảnh báo`,
    lines: [
      `Kính gửi: ${assignment?.assigneeName ?? addressee}`,
      '',
      `${who} phân loại ${count} cảnh báo (xác nhận lộ lọt hoặc loại bỏ).`,
      ...(documents.length > 0 ? [`- Tài liệu: ${documents.join('; ')}`] : []),
      '',
      'Xem các cảnh báo:',
      payload.link,
    ],
  };
}

/** The administrators' notice of a page whose alerts are held back after a surge of matches. */
function floodHoldEmail(payload: NotificationPayload) {
  const hold = payload.floodHold;
  if (!hold) throw new Error('the flood_hold notification carries no hold');
  const document = hold.documentTitle ?? 'tài liệu không rõ tên';
  return {
    subject: `[LeakWatch] Tạm giữ cảnh báo do số lượng khớp tăng đột biến: ${document}`,
    lines: [
      'Kính gửi: Quản trị viên LeakWatch',
      '',
      'Tạm giữ cảnh báo do số lượng khớp tăng đột biến.',
      'Một trang tài liệu đột nhiên khớp với nhiều ảnh hơn hẳn bình thường (thường do mẫu biểu, tiêu đề chung). Các cảnh báo mới của trang này được tạm giữ, không vào hàng chờ phân loại, cho đến khi quản trị viên giải phóng hoặc loại bỏ chúng.',
      `- Tài liệu: ${document}`,
      `- Trang: ${hold.pageNumber ?? 'không rõ'}`,
      `- Số cảnh báo trong khoảng theo dõi: ${hold.triggerCount}`,
      `- Mức thông thường: ${vietnameseNumber(hold.baselinePerHour)} cảnh báo/giờ`,
      `- Bắt đầu tạm giữ: ${vietnamTime(hold.startedAt)}`,
      '',
      'Xem xét và xử lý:',
      payload.link,
    ],
  };
}

/** An incident event, to a receiving organisation or to the people a reminder names. */
function incidentEmail(payload: NotificationPayload, addressee: string, ackUrl?: string) {
  const { incident } = payload;
  if (!incident) throw new Error(`the ${payload.event} notification carries no incident`);
  const heading = subjects[payload.event] ?? 'Cập nhật sự cố lộ lọt';
  return {
    subject: `[LeakWatch] ${heading}: ${incident.title}`,
    lines: [
      `Kính gửi: ${addressee}`,
      '',
      `${heading}.`,
      ...incidentLines(incident),
      ...(payload.event === 'opened' ? [breachNoticeDue(incident)] : []),
      ...(payload.reminder
        ? [
            `- Thời hạn: ${payload.reminder.label}`,
            payload.reminder.hoursBefore > 0
              ? `- Còn ${payload.reminder.hoursBefore} giờ, hết hạn lúc ${vietnamTime(payload.reminder.dueAt)}`
              : `- ĐÃ QUÁ HẠN lúc ${vietnamTime(payload.reminder.dueAt)}`,
          ]
        : []),
      '',
      'Chi tiết sự cố:',
      payload.link,
      // Receiving organisations confirm receipt with their own signed link.
      ...(ackUrl ? ['', 'Xác nhận đã nhận thông báo (không cần đăng nhập):', ackUrl] : []),
    ],
  };
}

/**
 * The e-mail for an outbox row, in Vietnamese. Links stand on lines of their own, so mail
 * programs recognise them whole. `ackUrl` is given for messages to a routing
 * target: their acknowledgement link.
 */
export function emailFor(
  payload: NotificationPayload,
  addressee: string,
  options: { ackUrl?: string } = {},
): { subject: string; text: string } {
  const { subject, lines } =
    payload.event === 'assigned'
      ? assignedEmail(payload, addressee)
      : payload.event === 'flood_hold'
        ? floodHoldEmail(payload)
        : incidentEmail(payload, addressee, options.ackUrl);
  return { subject, text: [...lines, '', footer].join('\n') };
}
