/** What the breach notice needs, gathered from an incident. */
export interface IncidentReportInput {
  incident: {
    id: string;
    title: string;
    severity: string;
    status: string;
    detectedAt: Date;
    resolution: string | null;
  };
  document: { title: string; numberSymbol: string | null; classification: string } | null;
  /** Personal data exposed across the incident's images: kinds and counts, never values. */
  findings: { kind: string; count: number }[];
  places: { url: string; firstSeenAt: Date }[];
  timeline: { type: string; at: Date }[];
  generatedAt: Date;
}

const kindNames: Record<string, string> = {
  cccd: 'số căn cước công dân',
  cmnd: 'số chứng minh nhân dân',
  'mobile-phone': 'số điện thoại di động',
  landline: 'số điện thoại cố định',
  'date-of-birth': 'ngày sinh',
  'person-name': 'họ tên',
  address: 'địa chỉ',
  'health-status': 'tình trạng sức khỏe (dữ liệu nhạy cảm)',
};

const eventNames: Record<string, string> = {
  opened: 'Mở sự cố',
  alert_confirmed: 'Xác nhận một lần phát hiện',
  status_reported: 'Đã báo cáo các cơ quan',
  status_takedown_requested: 'Đã đề nghị gỡ bỏ',
  status_removed: 'Nội dung đã bị gỡ',
  takedown_checked: 'Kiểm tra lại các địa chỉ đăng tải sau đề nghị gỡ bỏ',
  status_closed: 'Đóng sự cố',
  severity_overridden: 'Điều chỉnh mức độ',
  assigned: 'Phân công xử lý',
  comment: 'Ghi chú',
  notice_sent: 'Đã gửi thông báo vi phạm cho cơ quan chuyên trách bảo vệ dữ liệu cá nhân',
  reminder_sent: 'Nhắc hạn xử lý',
  notification_delivered: 'Đã gửi thông báo cho cơ quan liên quan',
  notification_failed: 'Gửi thông báo không thành công (sẽ thử lại)',
};

const classificationNames: Record<string, string> = {
  thuong: 'Thường',
  mat: 'Mật',
  toi_mat: 'Tối mật',
  tuyet_mat: 'Tuyệt mật',
};

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** dd/mm/yyyy hh:mm in Vietnam's time (UTC+7), as official papers write it. */
export function vietnamTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(local.getUTCHours())} giờ ${two(local.getUTCMinutes())}, ngày ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/**
 * A print-ready report in Vietnamese, pre-filled with what the personal-data breach notice
 * (Decree 356/2025, Mẫu số 08) asks: when and where the leak happened, what data about how many
 * persons, what was done. The organisation's and the DPO's particulars are left to be written
 * in by hand, as on the paper form. Every value is escaped.
 */
export function incidentReportHtml(input: IncidentReportInput): string {
  const { incident, document } = input;
  const persons = Math.max(
    0,
    ...input.findings
      .filter((f) => f.kind === 'person-name' || f.kind === 'cccd')
      .map((f) => f.count),
  );
  const dataRows = input.findings
    .map((f) => `<li>${escape(kindNames[f.kind] ?? f.kind)}: ${f.count}</li>`)
    .join('');
  const places = input.places
    .map((p) => `<li>${escape(p.url)} — phát hiện lúc ${escape(vietnamTime(p.firstSeenAt))}</li>`)
    .join('');
  // Re-visits run every hour while a takedown is pending: the report keeps a run of them as
  // one step (the first), not a line per hour.
  const steps = input.timeline
    .filter((e, i, all) => e.type !== 'takedown_checked' || all[i - 1]?.type !== 'takedown_checked')
    .map((e) => `<li>${escape(vietnamTime(e.at))}: ${escape(eventNames[e.type] ?? e.type)}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo sự cố lộ lọt dữ liệu – ${escape(incident.title)}</title>
<style>
body{font-family:"Times New Roman",serif;font-size:13pt;line-height:1.5;max-width:18cm;margin:1.5cm auto;color:#000}
h1{font-size:14pt;text-align:center;text-transform:uppercase;margin:0.5cm 0}
.header{display:flex;justify-content:space-between;text-align:center;font-weight:bold}
.blank{display:inline-block;min-width:6cm;border-bottom:1px dotted #000}
section{margin-top:0.4cm}
@media print{body{margin:0}}
</style></head><body>
<div class="header"><div>TÊN CƠ QUAN, TỔ CHỨC<br><span class="blank"></span></div><div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập – Tự do – Hạnh phúc</div></div>
<h1>Báo cáo sự cố lộ lọt dữ liệu cá nhân</h1>
<p>Mã sự cố: ${escape(incident.id)} · Mức độ: ${escape(incident.severity)} · Trạng thái: ${escape(incident.status)}</p>
<section><b>1. Tổ chức kiểm soát dữ liệu:</b> <span class="blank"></span> · Mã số thuế: <span class="blank"></span> · Điện thoại: <span class="blank"></span></section>
<section><b>2. Người phụ trách bảo vệ dữ liệu cá nhân:</b> họ tên, chức vụ, điện thoại, thư điện tử: <span class="blank"></span></section>
<section><b>3. Thời điểm phát hiện:</b> ${escape(vietnamTime(incident.detectedAt))} (thời hạn thông báo 72 giờ kể từ thời điểm này, Luật 91/2025/QH15, Điều 23).</section>
<section><b>4. Tài liệu bị lộ lọt:</b> ${
    document
      ? `${escape(document.title)}${document.numberSymbol ? `, số ${escape(document.numberSymbol)}` : ''}; độ mật: ${escape(classificationNames[document.classification] ?? document.classification)}`
      : 'tài liệu chưa đăng ký trong hệ thống, có chứa dữ liệu cá nhân'
  }.</section>
<section><b>5. Hành vi:</b> ảnh chụp tài liệu nội bộ được đăng công khai trên mạng xã hội.</section>
<section><b>6. Nơi phát hiện (${input.places.length}):</b><ul>${places || '<li>—</li>'}</ul></section>
<section><b>7. Loại và số lượng dữ liệu cá nhân bị lộ:</b> khoảng ${persons} người.<ul>${dataRows || '<li>—</li>'}</ul></section>
<section><b>8. Các biện pháp đã thực hiện:</b><ul>${steps || '<li>—</li>'}</ul>${incident.resolution ? `<p>Kết quả: ${escape(incident.resolution)}</p>` : ''}</section>
<section><b>9. Hậu quả, thiệt hại có thể xảy ra:</b> <span class="blank"></span></section>
<p style="margin-top:1cm">Lập lúc ${escape(vietnamTime(input.generatedAt))} từ hệ thống LeakWatch. Kèm theo: gói chứng cứ (evidence.zip).</p>
<div style="text-align:right;margin-top:1cm"><b>NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT</b><br>(Ký, ghi rõ họ tên, đóng dấu)</div>
</body></html>`;
}
