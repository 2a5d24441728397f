import { z } from 'zod';

/** What an outbox row carries (written by the API with the change that causes it). */
export const payloadSchema = z.object({
  event: z.string(),
  /** Absent for notices about no incident: alerts assigned, a flood hold. */
  incident: z
    .object({
      id: z.string(),
      title: z.string(),
      severity: z.string(),
      status: z.string(),
      detectedAt: z.string(),
    })
    .optional(),
  link: z.string(),
  /** Deadline reminders go to people (assignee, administrators), not to a routing target. */
  reminder: z.object({ label: z.string(), dueAt: z.string(), hoursBefore: z.number() }).optional(),
  recipients: z.array(z.string()).optional(),
  /** Work given to someone: an incident, or alerts to triage. */
  assignment: z
    .object({
      kind: z.enum(['incident', 'alerts']),
      assigneeName: z.string(),
      assignedBy: z.string().nullable(),
      alerts: z.number().int().optional(),
      documents: z.array(z.string()).optional(),
    })
    .optional(),
  /** A page whose alerts are held back because it suddenly matched far more than usual. */
  floodHold: z
    .object({
      id: z.string(),
      pageId: z.string(),
      documentId: z.string().nullable(),
      documentTitle: z.string().nullable(),
      pageNumber: z.number().int().nullable(),
      triggerCount: z.number(),
      baselinePerHour: z.number(),
      startedAt: z.string(),
    })
    .optional(),
});
export type NotificationPayload = z.infer<typeof payloadSchema>;
