import { z } from 'zod';
import { defineJob, standardRetry } from '../define-job.js';

export const crawlSourcePayload = z.object({
  sourceId: z.uuid(),
  /** Scheduled polls and officer-requested crawls of the same source share one id per slot. */
  reason: z.enum(['schedule', 'manual', 'takedown-check']),
  /** Slot start (ms since epoch, floored to the cadence): one crawl per source per slot. */
  slot: z.number().int().nonnegative(),
});

export const crawlSourceJob = defineJob({
  name: 'crawl-source',
  queue: 'crawl',
  payload: crawlSourcePayload,
  jobId: (payload) => `crawl-source-${payload.sourceId}-${payload.slot}`,
  defaults: { ...standardRetry, attempts: 3, backoff: { type: 'exponential', delay: 30_000 } },
});
