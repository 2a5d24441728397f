import { escape, vietnamTime } from './incident-report.js';

const eventNames: Record<string, string> = {
  opened: 'Sự cố lộ lọt tài liệu mới',
  escalated: 'Sự cố được nâng mức độ',
  deadline_near: 'Sắp hết hạn xử lý sự cố',
  removed: 'Nội dung lộ lọt đã được gỡ',
  closed: 'Sự cố lộ lọt đã đóng',
};

export interface AcknowledgementPageInput {
  /** The receiving organisation; its name is the default signature. */
  targetName: string | null;
  incidentTitle: string | null;
  event: string;
  deliveredAt: Date | null;
  acknowledged: { at: Date; by: string } | null;
}

/**
 * The page an acknowledgement link opens, in Vietnamese: what the notification was and a button
 * to confirm receipt. Opening it changes nothing (mail scanners open links); the form posts
 * back to the same address, token included. Every value is escaped.
 */
export function acknowledgementPageHtml(input: AcknowledgementPageInput): string {
  const what = eventNames[input.event] ?? 'Thông báo về sự cố lộ lọt';
  const state = input.acknowledged
    ? `<p class="done">Đã xác nhận nhận thông báo lúc ${escape(vietnamTime(input.acknowledged.at))}, người xác nhận: <strong>${escape(input.acknowledged.by)}</strong>. Cảm ơn quý cơ quan.</p>`
    : `<form method="post">
<label for="by">Người xác nhận (họ tên hoặc đơn vị)</label>
<input id="by" name="acknowledgedBy" maxlength="200" required value="${escape(input.targetName ?? '')}">
<button type="submit">Xác nhận đã nhận thông báo</button>
</form>
<p class="note">Mở trang này chưa ghi nhận gì; chỉ khi bấm nút, việc xác nhận mới được ghi vào hồ sơ sự cố.</p>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Xác nhận đã nhận thông báo – LeakWatch</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:600}dd{margin:0 0 .5rem}label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}.done{background:#e6f4ea;padding:1rem}.note{color:#555;font-size:.9rem}</style>
</head><body><main>
<h1>Xác nhận đã nhận thông báo</h1>
<dl>
<dt>Nội dung</dt><dd>${escape(what)}</dd>
${input.incidentTitle ? `<dt>Sự cố</dt><dd>${escape(input.incidentTitle)}</dd>` : ''}
${input.targetName ? `<dt>Gửi tới</dt><dd>${escape(input.targetName)}</dd>` : ''}
${input.deliveredAt ? `<dt>Gửi lúc</dt><dd>${escape(vietnamTime(input.deliveredAt))}</dd>` : ''}
</dl>
${state}
</main></body></html>`;
}
