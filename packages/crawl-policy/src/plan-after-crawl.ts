/** How a crawl of a source ended; the same names as the source's stored state. */
export const crawlStates = [
  'healthy',
  'login_required',
  'checkpoint',
  'blocked',
  'not_found',
  'error',
] as const;
export type CrawlOutcomeState = (typeof crawlStates)[number];

export interface PlanInput {
  outcome: CrawlOutcomeState;
  /** Failed crawls in a row before this one (0 after a healthy crawl). */
  failuresBefore: number;
  cadenceSeconds: number;
  /** One-off post sources are read once, then only re-visited on request. */
  oneOff: boolean;
  now: Date;
  /** Uniform in [0, 1); injected so plans are reproducible in tests. */
  random: () => number;
}

export interface CrawlPlan {
  state: CrawlOutcomeState;
  failureCount: number;
  /** When the next scheduled crawl may start; null: not until someone asks. */
  nextCrawlAt: Date | null;
  /** Set for blocks: nothing may reach the site for this source before then. */
  blockedUntil: Date | null;
}

export interface CrawlSchedule {
  paused: boolean;
  nextCrawlAt: Date | null;
  blockedUntil: Date | null;
}

const minute = 60_000;
const hour = 60 * minute;

/**
 * Waits after each kind of failure: first delay, doubling per failure in a row, up to a cap.
 * Blocks wait hours and are never retried early (retrying is what turns a warning into a ban);
 * walls that need a person (login, checkpoint) wait long enough for that person to act.
 */
const backoff: Record<Exclude<CrawlOutcomeState, 'healthy'>, { first: number; cap: number }> = {
  error: { first: 5 * minute, cap: 6 * hour },
  blocked: { first: 6 * hour, cap: 48 * hour },
  login_required: { first: 6 * hour, cap: 72 * hour },
  checkpoint: { first: 12 * hour, cap: 7 * 24 * hour },
  not_found: { first: 24 * hour, cap: 7 * 24 * hour },
};

/** ±20 %: sources added together must not stay in lock-step, nor look like a metronome. */
function jittered(ms: number, random: () => number): number {
  return Math.round(ms * (0.8 + 0.4 * random()));
}

/** Decides a source's state and its next crawl from how this crawl ended. */
export function planAfterCrawl(input: PlanInput): CrawlPlan {
  const { outcome, now, random } = input;
  if (outcome === 'healthy') {
    return {
      state: 'healthy',
      failureCount: 0,
      nextCrawlAt: input.oneOff
        ? null
        : new Date(now.getTime() + jittered(input.cadenceSeconds * 1000, random)),
      blockedUntil: null,
    };
  }
  const failureCount = input.failuresBefore + 1;
  const { first, cap } = backoff[outcome];
  const wait = jittered(Math.min(cap, first * 2 ** Math.min(failureCount - 1, 20)), random);
  // A failing source is never polled faster than its own cadence.
  const delay = Math.max(wait, outcome === 'error' ? 0 : input.cadenceSeconds * 1000);
  const next = new Date(now.getTime() + delay);
  return {
    state: outcome,
    failureCount,
    // A one-off post that is gone stays gone: that is the answer, not a failure to retry.
    nextCrawlAt: input.oneOff && outcome === 'not_found' ? null : next,
    blockedUntil: outcome === 'blocked' ? next : null,
  };
}

/** Whether the dispatcher should start a scheduled crawl of this source now. */
export function isDue(schedule: CrawlSchedule, now: Date): boolean {
  if (schedule.paused || schedule.nextCrawlAt === null) return false;
  if (schedule.blockedUntil && schedule.blockedUntil > now) return false;
  return schedule.nextCrawlAt <= now;
}
