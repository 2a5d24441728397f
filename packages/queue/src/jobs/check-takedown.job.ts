import { z } from 'zod';
import { defineJob } from '../define-job.js';

export const checkTakedownPayload = z.object({
  incidentId: z.uuid(),
  /** When this pass was due (ms since epoch): one pass per incident per slot. */
  slot: z.number().int().nonnegative(),
});

/**
 * Re-visits every sighting of an incident awaiting takedown and records what is still up.
 * On the `crawl` queue, not one of its own: it opens Facebook in the crawler's Chromium, so it
 * must share the crawler's one-browser-per-worker concurrency, the per-minute limiter towards
 * Facebook and the monitoring accounts' locks with feed crawls, rather than add a second
 * stream of visits those limits do not see.
 */
export const checkTakedownJob = defineJob({
  name: 'check-takedown',
  queue: 'crawl',
  payload: checkTakedownPayload,
  jobId: (payload) => `check-takedown-${payload.incidentId}-${payload.slot}`,
  defaults: {
    // A pass that crashed is retried; the next slot comes one interval later anyway.
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  },
});
