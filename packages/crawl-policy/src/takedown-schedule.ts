export interface TakedownScheduleInput {
  /** When the takedown was (last) requested; a new request starts a new round of checks. */
  requestedAt: Date;
  /** The last check pass of this round (null before the first). */
  lastCheckedAt: Date | null;
  /** Time between passes (`TAKEDOWN_CHECK_MINUTES`). */
  everyMs: number;
  now: Date;
}

export type TakedownCheckPlan = { due: true; slot: number } | { due: false; at: Date };

/**
 * When an incident's sightings are re-visited after a takedown request: the first pass at once
 * (it records what is still up when the platform was asked), then every `everyMs` after the
 * previous pass. The slot is the time the pass was due, so every dispatcher tick that finds the
 * same pass due builds the same job id, and the next slot exists only once a pass is recorded.
 */
export function planTakedownCheck(input: TakedownScheduleInput): TakedownCheckPlan {
  const { requestedAt, lastCheckedAt, everyMs, now } = input;
  // A pass from before the latest request belongs to the previous round.
  const last = lastCheckedAt && lastCheckedAt >= requestedAt ? lastCheckedAt : null;
  const dueAt = last ? last.getTime() + everyMs : requestedAt.getTime();
  return dueAt <= now.getTime() ? { due: true, slot: dueAt } : { due: false, at: new Date(dueAt) };
}

/**
 * Whether a queued pass for `slot` is stale: a pass was recorded at or after its due time (a
 * retry of a pass that committed, or a duplicate), so running it again would only re-visit early.
 */
export function takedownSlotDone(slot: number, lastCheckedAt: Date | null): boolean {
  return lastCheckedAt !== null && lastCheckedAt.getTime() >= slot;
}
