import { z } from 'zod';

/**
 * A legal or internal deadline, as configuration: which event starts the clock, how long it
 * runs, and who is reminded how long before it ends. Stored as records (`deadline_rules`); the
 * seeded one is the personal-data breach notice: 72 hours from detection (Law 91/2025/QH15
 * art. 23, Decree 356/2025/NĐ-CP), reminders 24 h and 6 h before, met by the notice being sent.
 */
export const deadlineRuleSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  label: z.string().trim().min(1).max(300),
  startEvent: z.enum(['detected', 'opened', 'takedown_requested']),
  durationHours: z
    .number()
    .positive()
    .max(24 * 365),
  remindBeforeHours: z.array(z.number().positive()).max(10).default([]),
  remind: z.array(z.enum(['assignee', 'admins'])).min(1),
  /** The deadline is met by this incident event (e.g. the notice recorded as sent). */
  metBy: z.string().regex(/^[a-z0-9_]+$/),
  active: z.boolean().default(true),
});

export type DeadlineRule = z.output<typeof deadlineRuleSchema>;

/**
 * When each event a deadline can start from or be met by happened: detection (the legal clock's
 * start), opening, the latest takedown request, and the first of every timeline event type.
 */
export function happenedOf(
  incident: { detectedAt: Date; createdAt: Date; takedownRequestedAt: Date | null },
  timeline: readonly { type: string; createdAt: Date }[],
): Record<string, Date | undefined> {
  const happened: Record<string, Date | undefined> = {
    detected: incident.detectedAt,
    opened: incident.createdAt,
    takedown_requested: incident.takedownRequestedAt ?? undefined,
  };
  for (const event of timeline) happened[event.type] ??= event.createdAt;
  return happened;
}

export interface DeadlineState {
  rule: string;
  label: string;
  dueAt: Date;
  /** Negative once overdue. */
  secondsLeft: number;
  met: boolean;
  overdue: boolean;
}

/** Every deadline of an incident, given when its start events and meeting events happened. */
export function deadlinesOf(
  rules: readonly DeadlineRule[],
  events: Record<string, Date | undefined>,
  now: Date,
): DeadlineState[] {
  return rules.flatMap((rule) => {
    const start = events[rule.startEvent];
    if (!start || !rule.active) return [];
    const dueAt = new Date(start.getTime() + rule.durationHours * 3_600_000);
    const met = events[rule.metBy] !== undefined;
    const secondsLeft = Math.round((dueAt.getTime() - now.getTime()) / 1000);
    return [
      {
        rule: rule.name,
        label: rule.label,
        dueAt,
        secondsLeft,
        met,
        overdue: !met && secondsLeft < 0,
      },
    ];
  });
}

export interface Reminder {
  rule: string;
  /** Hours before the deadline this reminder is for (0: the deadline itself passed). */
  hoursBefore: number;
  recipients: DeadlineRule['remind'];
  dueAt: Date;
  /** A stable key: each reminder is sent once, however often this is computed. */
  key: string;
  /** Keys of earlier reminders of the same deadline that this one stands in for. */
  covers: string[];
}

/** The reminders whose time has come and that were not sent yet. */
export function remindersDue(
  rules: readonly DeadlineRule[],
  incidentId: string,
  events: Record<string, Date | undefined>,
  now: Date,
  alreadySent: ReadonlySet<string>,
): Reminder[] {
  const due: Reminder[] = [];
  for (const state of deadlinesOf(rules, events, now)) {
    if (state.met) continue;
    const rule = rules.find((candidate) => candidate.name === state.rule);
    if (!rule) continue;
    const reached = [...new Set([...rule.remindBeforeHours, 0])]
      .filter((hours) => now.getTime() >= state.dueAt.getTime() - hours * 3_600_000)
      .map((hours) => ({ hours, key: `${incidentId}:${rule.name}:${hours}h` }))
      .filter(({ key }) => !alreadySent.has(key))
      .sort((a, b) => a.hours - b.hours);
    // Only the most urgent of several missed reminders goes out (a notifier down for a day must
    // not send the 24 h, 6 h and overdue notices at once); it stands in for the others.
    const [urgent, ...earlier] = reached;
    if (urgent)
      due.push({
        rule: rule.name,
        hoursBefore: urgent.hours,
        recipients: rule.remind,
        dueAt: state.dueAt,
        key: urgent.key,
        covers: earlier.map(({ key }) => key),
      });
  }
  return due;
}
