import { z } from 'zod';
import { defineJob, standardRetry } from '../define-job.js';

export const deliverNotificationPayload = z.object({
  outboxId: z.uuid(),
});

/** Sends one outbox row (email or webhook); the outbox row is the source of truth. */
export const deliverNotificationJob = defineJob({
  name: 'deliver-notification',
  queue: 'notifications',
  payload: deliverNotificationPayload,
  jobId: (payload) => `deliver-notification-${payload.outboxId}`,
  defaults: { ...standardRetry, attempts: 12, backoff: { type: 'exponential', delay: 5_000 } },
});
