import type { Repositories } from '@leakwatch/db';
import {
  deadlineRuleSchema,
  happenedOf,
  outboxRows,
  remindersDue,
  type RoutingSnapshot,
} from '@leakwatch/incidents';

export interface ReminderDependencies {
  repos: Pick<Repositories, 'triage' | 'users' | 'rules' | 'documents'>;
  publicUrl: string;
  now?: () => Date;
}

/**
 * Queues the deadline reminders whose time has come: for each open incident, each active
 * deadline rule whose clock runs and is not met, the most urgent reminder not yet sent goes to
 * the people the rule names (assignee, administrators) and to the targets the `deadline_near`
 * routing rules select, as outbox rows written with their timeline entry (sent once, by key).
 */
export async function queueDueReminders(deps: ReminderDependencies): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const rules = (await deps.repos.rules.deadlineRules({ active: true })).map((rule) =>
    deadlineRuleSchema.parse(rule),
  );
  if (rules.length === 0) return 0;
  let routing: Promise<RoutingSnapshot> | undefined;
  // Read only when some reminder is due (most passes queue none).
  let admins: Promise<{ email: string }[]> | undefined;
  const activeAdmins = () =>
    (admins ??= deps.repos.users
      .list()
      .then((users) => users.filter((user) => user.role === 'admin' && user.disabledAt === null)));
  let queued = 0;
  for (const incident of await deps.repos.triage.incidents({}, 1_000)) {
    if (incident.status === 'closed') continue;
    const events = await deps.repos.triage.eventsOf(incident.id);
    const happened = happenedOf(incident, events);
    const sent = new Set<string>();
    for (const event of events) {
      if (event.type === 'reminder_sent') {
        const data = event.data as { key?: string; covers?: string[] };
        if (data.key) sent.add(data.key);
        for (const key of data.covers ?? []) sent.add(key);
      }
    }
    for (const reminder of remindersDue(rules, incident.id, happened, now, sent)) {
      const recipients = new Set<string>();
      if (reminder.recipients.includes('assignee') && incident.assigneeId) {
        const assignee = await deps.repos.users.findById(incident.assigneeId);
        if (assignee?.disabledAt === null) recipients.add(assignee.email);
      }
      if (reminder.recipients.includes('admins'))
        for (const admin of await activeAdmins()) recipients.add(admin.email);
      const rule = rules.find((candidate) => candidate.name === reminder.rule);
      const details = {
        label: rule?.label ?? reminder.rule,
        dueAt: reminder.dueAt.toISOString(),
        hoursBefore: reminder.hoursBefore,
      };
      routing ??= deps.repos.rules.routingAt(now);
      const document = incident.documentId
        ? ((await deps.repos.documents.findById(incident.documentId)) ?? null)
        : null;
      const toTargets = outboxRows(
        'deadline_near',
        incident,
        document,
        await routing,
        deps.publicUrl,
        reminder.key,
      ).map((row) => ({ ...row, payload: { ...row.payload, reminder: details } }));
      await deps.repos.triage.queueReminder(incident.id, {
        key: reminder.key,
        covers: reminder.covers,
        toTargets,
        payload: {
          event: 'deadline_near',
          incident: {
            id: incident.id,
            title: incident.title,
            severity: incident.severity,
            status: incident.status,
            detectedAt: incident.detectedAt.toISOString(),
          },
          link: `${deps.publicUrl.replace(/\/$/, '')}/incidents/${incident.id}`,
          reminder: details,
          recipients: [...recipients],
        },
      });
      queued += 1;
    }
  }
  return queued;
}
