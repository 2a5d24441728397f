/** Vietnam's clock: officers and the documents they file use it, wherever the browser is. */
export const displayTimeZone = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** dd/mm/yyyy hh:mm (vi) or the English equivalent, in Vietnam's time. */
export function formatDateTime(iso: string | null, language: string): string {
  if (!iso) return '—';
  const locale = language === 'en' ? 'en-GB' : 'vi-VN';
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: displayTimeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formatters.set(locale, formatter);
  }
  return formatter.format(new Date(iso));
}
