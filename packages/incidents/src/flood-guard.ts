/**
 * When a registered page matches far more images than usual (a template header matching every
 * form), its new alerts are held back from triage and the administrators are told once.
 * Settings come from the environment (FLOOD_GUARD_*, validated in @leakwatch/config).
 */
export interface FloodGuardSettings {
  /** How far back "recent" alerts are counted. */
  windowMinutes: number;
  /** A hold never opens below this many recent alerts, however quiet the page was. */
  minimumAlerts: number;
  /** How many times the page's usual rate the recent alerts must reach. */
  factor: number;
  /** The span before the window over which the usual rate is measured. */
  baselineDays: number;
}

export interface FloodGuardCounts {
  /** Match alerts of the page in the window, the one being recorded included. */
  recentAlerts: number;
  /** Match alerts of the page in the `baselineDays` before the window. */
  baselineAlerts: number;
}

export interface FloodGuardDecision {
  hold: boolean;
  /** Recent alerts at which a hold opens. */
  threshold: number;
  baselinePerHour: number;
}

/**
 * Holds when the recent alerts reach max(minimum, factor × the usual count for a window this
 * long). The usual rate is measured before the window, so a surge cannot raise its own bar.
 */
export function decideFloodHold(
  counts: FloodGuardCounts,
  settings: FloodGuardSettings,
): FloodGuardDecision {
  const baselinePerHour = counts.baselineAlerts / (settings.baselineDays * 24);
  const usualInWindow = (baselinePerHour * settings.windowMinutes) / 60;
  const threshold = Math.max(settings.minimumAlerts, Math.ceil(settings.factor * usualInWindow));
  return { hold: counts.recentAlerts >= threshold, threshold, baselinePerHour };
}

export interface FloodHoldNotice {
  id: string;
  pageId: string;
  documentId: string | null;
  documentTitle: string | null;
  pageNumber: number | null;
  triggerCount: number;
  baselinePerHour: number;
  startedAt: Date;
}

/** The administrators' e-mail about a new hold (the outbox row's payload), with its page link. */
export function floodHoldNotification(
  hold: FloodHoldNotice,
  recipients: readonly string[],
  publicUrl: string,
) {
  return {
    event: 'flood_hold' as const,
    link: `${publicUrl.replace(/\/$/, '')}/admin/flood-holds/${hold.id}`,
    recipients: [...recipients],
    floodHold: { ...hold, startedAt: hold.startedAt.toISOString() },
  };
}
