import { z } from 'zod';
import { defineJob } from '../define-job.js';

/** Fired by the `dispatch-crawls` job scheduler; carries nothing, the database says what is due. */
export const dispatchCrawlsPayload = z.object({}).strict();

/** Enqueues a `crawl-source` job for every source whose (jittered) time has come. */
export const dispatchCrawlsJob = defineJob({
  name: 'dispatch-crawls',
  queue: 'crawl',
  payload: dispatchCrawlsPayload,
  // Ids of scheduler-made jobs are BullMQ's own; this one is for a manual "dispatch now".
  jobId: () => `dispatch-crawls-${Date.now()}`,
  defaults: {
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 1_000 },
  },
});
