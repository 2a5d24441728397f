import { z } from 'zod';
import { defineJob } from '../define-job.js';

export const deliverNotificationPayload = z.object({
  outboxId: z.uuid(),
  /** Which attempt this job makes (the row's attempts + 1 when it was queued). */
  attempt: z.number().int().positive(),
});

/**
 * Sends one outbox row (e-mail or webhook). The row is the source of truth: its lease, retry
 * time and attempt count decide; the job only says which attempt to make, so a job for an
 * attempt already made does nothing. Retries are new jobs for the next attempt, queued by the
 * relay when the row's backoff ends, not BullMQ retries.
 */
export const deliverNotificationJob = defineJob({
  name: 'deliver-notification',
  queue: 'notifications',
  payload: deliverNotificationPayload,
  jobId: (payload) => `deliver-notification-${payload.outboxId}-${payload.attempt}`,
  defaults: {
    // Only an unexpected error (database down) is retried here; delivery failures are recorded
    // on the row and retried by the relay with the row's own backoff.
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  },
});
