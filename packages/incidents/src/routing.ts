import type { Severity } from './severity.js';

export type IncidentEventName = 'opened' | 'removed' | 'closed';
export type TargetKind = 'department' | 'police' | 'data_protection_agency';

/**
 * Which targets hear of which incident events. Configuration, not code paths: the defaults
 * tell the health department, the information-security department and the police when an
 * incident opens, and the departments when the content is gone and when it is closed. The
 * data-protection agency (A05) receives the formal notice through the national portal, not by
 * e-mail, so it is not notified automatically.
 */
export interface RoutingRule {
  event: IncidentEventName;
  kinds: readonly TargetKind[];
  /** Only incidents at least this severe. */
  minSeverity?: Severity;
}

export const defaultRoutingRules: readonly RoutingRule[] = [
  { event: 'opened', kinds: ['department', 'police'] },
  { event: 'removed', kinds: ['department'] },
  { event: 'closed', kinds: ['department'] },
];

const rank: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface NotificationPlan {
  targetId: string;
  channel: 'email' | 'webhook';
  /** Stable per incident, event, target and channel: the same event is never queued twice. */
  idempotencyKey: string;
}

/** The deliveries an incident event causes: per matching active target, per channel it has. */
export function planNotifications(
  event: IncidentEventName,
  incident: { id: string; severity: Severity },
  targets: readonly {
    id: string;
    kind: TargetKind;
    emails: readonly string[];
    webhookUrl: string | null;
  }[],
  rules: readonly RoutingRule[] = defaultRoutingRules,
): NotificationPlan[] {
  const kinds = new Set(
    rules
      .filter(
        (rule) =>
          rule.event === event &&
          (rule.minSeverity === undefined || rank[incident.severity] >= rank[rule.minSeverity]),
      )
      .flatMap((rule) => rule.kinds),
  );
  return targets
    .filter((target) => kinds.has(target.kind))
    .flatMap((target) =>
      [
        ...(target.emails.length > 0 ? (['email'] as const) : []),
        ...(target.webhookUrl ? (['webhook'] as const) : []),
      ].map((channel) => ({
        targetId: target.id,
        channel,
        idempotencyKey: `${incident.id}:${event}:${target.id}:${channel}`,
      })),
    );
}

/** The outbox rows an incident event causes (the notifier turns each into one message). */
export function outboxRows(
  event: IncidentEventName,
  incident: { id: string; title: string; severity: Severity; status: string; detectedAt: Date },
  targets: Parameters<typeof planNotifications>[2],
  publicUrl: string,
  rules: readonly RoutingRule[] = defaultRoutingRules,
): {
  incidentId: string;
  targetId: string;
  channel: 'email' | 'webhook';
  event: IncidentEventName;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}[] {
  return planNotifications(event, incident, targets, rules).map((plan) => ({
    incidentId: incident.id,
    targetId: plan.targetId,
    channel: plan.channel,
    event,
    idempotencyKey: plan.idempotencyKey,
    payload: {
      event,
      incident: {
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        detectedAt: incident.detectedAt.toISOString(),
      },
      link: `${publicUrl.replace(/\/$/, '')}/incidents/${incident.id}`,
    },
  }));
}
