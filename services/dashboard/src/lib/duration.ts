/** A translation function as i18next's `t` is used here: a key and interpolation values. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

export function durationParts(totalSeconds: number): DurationParts {
  const minutesTotal = Math.floor(Math.abs(totalSeconds) / 60);
  return {
    days: Math.floor(minutesTotal / 1440),
    hours: Math.floor((minutesTotal % 1440) / 60),
    minutes: minutesTotal % 60,
  };
}

/**
 * The two largest units that matter, as people say it: "2 ngày 3 giờ", "5 giờ 10 phút",
 * "45 phút". Under a minute counts as "0 phút", never as nothing.
 */
export function formatDuration(totalSeconds: number, t: Translate): string {
  const { days, hours, minutes } = durationParts(totalSeconds);
  const unit = (name: 'day' | 'hour' | 'minute', count: number) => t(`duration.${name}`, { count });
  if (days > 0)
    return hours > 0 ? `${unit('day', days)} ${unit('hour', hours)}` : unit('day', days);
  if (hours > 0)
    return minutes > 0 ? `${unit('hour', hours)} ${unit('minute', minutes)}` : unit('hour', hours);
  return unit('minute', minutes);
}

/** A deadline seen from now: "còn 2 ngày 3 giờ" or "quá hạn 4 giờ". */
export function formatCountdown(secondsLeft: number, t: Translate): string {
  const duration = formatDuration(secondsLeft, t);
  return secondsLeft >= 0
    ? t('countdown.left', { duration })
    : t('countdown.overdue', { duration });
}

/** Seconds from `now` until an ISO instant (negative once it has passed). */
export function secondsUntil(iso: string, now: number): number {
  return Math.floor((Date.parse(iso) - now) / 1000);
}
