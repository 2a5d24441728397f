import { z } from 'zod';
import { defineJob } from '../define-job.js';

/** Fired by the `retention-daily` job scheduler; carries nothing, the database says what is due. */
export const runRetentionPayload = z.object({}).strict();

/**
 * Deletes captures and evidence past their period (docs/operations.md, "Retention"), as
 * `leakwatch retention run` does. On a queue of its own, so a long run never holds an image slot.
 */
export const runRetentionJob = defineJob({
  name: 'run-retention',
  queue: 'maintenance',
  payload: runRetentionPayload,
  // Ids of scheduler-made jobs are BullMQ's own; this one is for a manual "run now".
  jobId: () => `run-retention-${Date.now()}`,
  defaults: {
    // Not retried: what a failed run left is still due, and the next day's run takes it.
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100 },
  },
});
