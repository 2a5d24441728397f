import type { FloodHold } from '../api/types.js';
import type { Translate } from './duration.js';

/*
 * Flood holds as administrators read them (docs/operations.md, "Flood guard"): what surged,
 * against what was usual, and where the hold stands.
 */

export type FloodHoldState = 'open' | 'released' | 'dismissed';

export function floodHoldState(hold: Pick<FloodHold, 'endedAt' | 'resolution'>): FloodHoldState {
  if (hold.endedAt === null) return 'open';
  return hold.resolution === 'dismissed' ? 'dismissed' : 'released';
}

export interface UsualRate {
  per: 'hour' | 'day' | 'week';
  /** One decimal, never rounded down to nothing. */
  count: number;
}

/**
 * The page's usual alert rate in the unit that reads as a number people can picture: per hour
 * when at least one an hour, else per day, else per week. Null when the page had no alerts
 * before the surge (the guard measured a rate of zero).
 */
export function usualRate(baselinePerHour: number): UsualRate | null {
  if (!Number.isFinite(baselinePerHour) || baselinePerHour <= 0) return null;
  const [per, count]: [UsualRate['per'], number] =
    baselinePerHour >= 1
      ? ['hour', baselinePerHour]
      : baselinePerHour * 24 >= 1
        ? ['day', baselinePerHour * 24]
        : ['week', baselinePerHour * 24 * 7];
  return { per, count: Math.max(0.1, Math.round(count * 10) / 10) };
}

function numberFormat(language: string): Intl.NumberFormat {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', {
    maximumFractionDigits: 1,
  });
}

/** "0,5 cảnh báo mỗi ngày" / "0.5 alerts a day". */
export function formatUsualRate(rate: UsualRate, t: Translate, language: string): string {
  return t(`floodHoldsAdmin.usual.${rate.per}`, {
    count: rate.count,
    rate: numberFormat(language).format(rate.count),
  });
}

/** The page a hold is about: "trang 2 của “Danh sách F1 phường 3 — Đà Lạt”". */
export function holdSubject(
  hold: Pick<FloodHold, 'documentTitle' | 'pageNumber'>,
  t: Translate,
): string {
  const document =
    hold.documentTitle === null
      ? t('floodHoldsAdmin.unknownDocument')
      : t('floodHoldsAdmin.quoted', { title: hold.documentTitle });
  return hold.pageNumber === null
    ? document
    : t('floodHoldsAdmin.pageOf', { page: hold.pageNumber, document });
}

/** One sentence on why the hold opened: the surge against the page's usual rate. */
export function describeFloodHold(
  hold: Pick<FloodHold, 'documentTitle' | 'pageNumber' | 'triggerCount' | 'baselinePerHour'>,
  t: Translate,
  language: string,
): string {
  const subject = holdSubject(hold, t);
  const usual = usualRate(hold.baselinePerHour);
  return usual === null
    ? t('floodHoldsAdmin.summary.fromNothing', { count: hold.triggerCount, subject })
    : t('floodHoldsAdmin.summary.aboveUsual', {
        count: hold.triggerCount,
        subject,
        usual: formatUsualRate(usual, t, language),
      });
}

export type LinkedHold =
  { status: 'none' } | { status: 'found'; hold: FloodHold } | { status: 'missing'; id: string };

/**
 * The hold an address names (/admin/flood-holds/<id>, the administrators' e-mail link): found
 * in the list, or missing (a mistyped link, or a hold gone with its document).
 */
export function linkedHold(holds: readonly FloodHold[], id: string | undefined): LinkedHold {
  if (id === undefined || id.trim() === '') return { status: 'none' };
  const wanted = id.trim().toLowerCase();
  const hold = holds.find((candidate) => candidate.id.toLowerCase() === wanted);
  return hold ? { status: 'found', hold } : { status: 'missing', id };
}
