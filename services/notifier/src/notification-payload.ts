import { z } from 'zod';

/** What an outbox row carries (written by the API with the incident change). */
export const payloadSchema = z.object({
  event: z.string(),
  incident: z.object({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    status: z.string(),
    detectedAt: z.string(),
  }),
  link: z.string(),
  /** Deadline reminders go to people (assignee, administrators), not to a routing target. */
  reminder: z.object({ label: z.string(), dueAt: z.string(), hoursBefore: z.number() }).optional(),
  recipients: z.array(z.string()).optional(),
});
export type NotificationPayload = z.infer<typeof payloadSchema>;
