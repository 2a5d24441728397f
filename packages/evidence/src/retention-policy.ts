/**
 * Which stored captures have outlived their purpose (docs/operations.md, "Retention and deletion
 * of evidence"). Pure: the database gathers the facts about every row that names a blob, this
 * decides. A blob's key is its content address, so one blob can back several rows at once — an
 * image in a dismissed post and in a confirmed incident — and it is due only when every one of
 * them is.
 */

export interface RetentionSettings {
  /** Days a capture is kept after its last capture or dismissal when nothing confirmed it. */
  unmatchedDays: number;
  /** Days the evidence of an incident is kept after the incident closed. */
  closedIncidentDays: number;
}

/** What keeps a blob whatever its age: someone may still need to look at it. */
export type RetentionHold =
  /** An image the worker has not judged yet: no alert can exist for it so far. */
  | 'image_not_processed'
  /** An alert waiting for an officer (new, or quarantined by the flood guard). */
  | 'undecided_alert'
  /** A confirmed alert whose incident is not closed. */
  | 'open_incident';

export const retentionHolds: readonly RetentionHold[] = [
  'image_not_processed',
  'undecided_alert',
  'open_incident',
];

/** Everything the rows naming one blob say about it. */
export interface BlobRetentionFacts {
  holds: readonly RetentionHold[];
  /** The newest capture among the rows (an image first seen or judged, an evidence capture). */
  lastCapturedAt: Date;
  /** The newest dismissal of an alert on an image the blob shows or is evidence of. */
  lastDismissedAt: Date | null;
  /** The newest closing among the incidents the blob backs; null when it backs none. */
  lastIncidentClosedAt: Date | null;
}

export type RetentionCategory = 'unmatched' | 'closed_incident';

export type BlobRetentionDecision =
  | { outcome: 'held'; heldBy: readonly RetentionHold[] }
  /** `kept` until `dueAt`, `due` from then on. */
  | { outcome: 'kept' | 'due'; category: RetentionCategory; dueAt: Date };

const dayMs = 86_400_000;
const addDays = (at: Date, days: number) => new Date(at.getTime() + days * dayMs);
const later = (a: Date, b: Date | null) => (b && b.getTime() > a.getTime() ? b : a);

/**
 * A blob is due once nothing holds it and every reason to keep it has run out: the unmatched
 * period after its last capture or dismissal (a blob that also backs a closed incident is kept at
 * least that long after its newest capture), and the closed-incident period after the last
 * incident it backs closed.
 */
export function decideBlobRetention(
  facts: BlobRetentionFacts,
  settings: RetentionSettings,
  now: Date,
): BlobRetentionDecision {
  if (facts.holds.length > 0) return { outcome: 'held', heldBy: facts.holds };
  const unmatchedDueAt = addDays(
    later(facts.lastCapturedAt, facts.lastDismissedAt),
    settings.unmatchedDays,
  );
  const dueAt = facts.lastIncidentClosedAt
    ? later(unmatchedDueAt, addDays(facts.lastIncidentClosedAt, settings.closedIncidentDays))
    : unmatchedDueAt;
  return {
    outcome: dueAt.getTime() <= now.getTime() ? 'due' : 'kept',
    category: facts.lastIncidentClosedAt ? 'closed_incident' : 'unmatched',
    dueAt,
  };
}

/** The same rule as moments, for the database to select candidates with. */
export interface RetentionCutoffs {
  /** Rows captured (and alerts dismissed) after this keep their blob. */
  unmatchedBefore: Date;
  /** Incidents closed after this keep their blobs. */
  incidentClosedBefore: Date;
  /** Documents with `retentionUntil` before this day (YYYY-MM-DD) are past it. */
  documentsRetainedBefore: string;
}

// Vietnam keeps UTC+7 all year (no daylight saving): a retention date ends at midnight there.
const vietnamOffsetMs = 7 * 3_600_000;
const vietnamDate = (now: Date) =>
  new Date(now.getTime() + vietnamOffsetMs).toISOString().slice(0, 10);

export function retentionCutoffs(settings: RetentionSettings, now: Date): RetentionCutoffs {
  return {
    unmatchedBefore: addDays(now, -settings.unmatchedDays),
    incidentClosedBefore: addDays(now, -settings.closedIncidentDays),
    documentsRetainedBefore: vietnamDate(now),
  };
}

/**
 * A registered document is past its retention on the day after `retentionUntil` (a date, kept
 * through its last day in Vietnam time); one without a date is kept.
 */
export function isDocumentPastRetention(retentionUntil: string | null, now: Date): boolean {
  return retentionUntil !== null && retentionUntil < vietnamDate(now);
}
