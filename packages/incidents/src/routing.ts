import { z } from 'zod';
import type { Classification, Severity } from './severity.js';

export const routingEvents = ['opened', 'escalated', 'deadline_near', 'removed', 'closed'] as const;
export type IncidentEventName = (typeof routingEvents)[number];
export const targetKinds = ['department', 'police', 'data_protection_agency'] as const;
export type TargetKind = (typeof targetKinds)[number];
const classifications = ['thuong', 'mat', 'toi_mat', 'tuyet_mat'] as const;
const severities = ['low', 'medium', 'high', 'critical'] as const;

/**
 * Which targets hear of which incident events: records administrators edit (table
 * `routing_rules`, seeded with the defaults — departments and police when an incident opens or
 * escalates, departments when the content is gone and when it is closed). A rule applies when
 * every filter it sets matches (an empty list: any); it selects targets by kind and by id.
 */
export const routingRuleSchema = z
  .object({
    name: z.string().trim().min(3).max(200),
    event: z.enum(routingEvents),
    targetKinds: z.array(z.enum(targetKinds)).max(3).default([]),
    targetIds: z.array(z.uuid()).max(50).default([]),
    /** Owning departments of the leaked document (`documents.ownerDepartment`), any when empty. */
    documentOwners: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    classifications: z.array(z.enum(classifications)).max(4).default([]),
    /** Only incidents at least this severe; null: any. */
    minSeverity: z.enum(severities).nullable().default(null),
    active: z.boolean().default(true),
  })
  .refine((rule) => rule.targetKinds.length > 0 || rule.targetIds.length > 0, {
    message: 'a rule must select targets by kind or by id',
    path: ['targetKinds'],
  });

export type RoutingRule = z.output<typeof routingRuleSchema>;

/** What the rules look at besides the event: the incident and its document. */
export interface RoutingSubject {
  id: string;
  severity: Severity;
  /** Null for an unregistered document. */
  documentOwner: string | null;
  classification: Classification | null;
}

export interface RoutableTarget {
  id: string;
  kind: TargetKind;
  emails: readonly string[];
  webhookUrl: string | null;
}

const rank: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Owners are typed by people: compare them ignoring case and spacing. */
function sameOwner(a: string, b: string): boolean {
  const fold = (value: string) =>
    value.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
  return fold(a) === fold(b);
}

export function ruleApplies(
  rule: RoutingRule,
  event: IncidentEventName,
  subject: RoutingSubject,
): boolean {
  if (!rule.active || rule.event !== event) return false;
  if (rule.minSeverity !== null && rank[subject.severity] < rank[rule.minSeverity]) return false;
  if (
    rule.documentOwners.length > 0 &&
    !rule.documentOwners.some(
      (owner) => subject.documentOwner !== null && sameOwner(owner, subject.documentOwner),
    )
  )
    return false;
  if (
    rule.classifications.length > 0 &&
    !rule.classifications.includes(subject.classification ?? 'thuong')
  )
    return false;
  return true;
}

export interface NotificationPlan {
  targetId: string;
  channel: 'email' | 'webhook';
  /** Stable per incident, event occurrence, target and channel: never queued twice. */
  idempotencyKey: string;
}

/**
 * The deliveries an incident event causes: per target some applicable rule selects, per channel
 * the target has. `occurrence` tells repeatable events apart (a second escalation, a removal
 * after the content came back); the same occurrence always gives the same keys.
 */
export function planNotifications(
  event: IncidentEventName,
  subject: RoutingSubject,
  targets: readonly RoutableTarget[],
  rules: readonly RoutingRule[],
  occurrence?: string,
): NotificationPlan[] {
  const applicable = rules.filter((rule) => ruleApplies(rule, event, subject));
  const kinds = new Set(applicable.flatMap((rule) => rule.targetKinds));
  const ids = new Set(applicable.flatMap((rule) => rule.targetIds));
  const eventKey = occurrence ? `${event}@${occurrence}` : event;
  return targets
    .filter((target) => kinds.has(target.kind) || ids.has(target.id))
    .flatMap((target) =>
      [
        ...(target.emails.length > 0 ? (['email'] as const) : []),
        ...(target.webhookUrl ? (['webhook'] as const) : []),
      ].map((channel) => ({
        targetId: target.id,
        channel,
        idempotencyKey: `${subject.id}:${eventKey}:${target.id}:${channel}`,
      })),
    );
}

/** The routing configuration in force at one moment: active rules and active targets. */
export interface RoutingSnapshot {
  rules: readonly RoutingRule[];
  targets: readonly RoutableTarget[];
}

/** The outbox rows an incident event causes (the notifier turns each into one message). */
export function outboxRows(
  event: IncidentEventName,
  incident: { id: string; title: string; severity: Severity; status: string; detectedAt: Date },
  document: { ownerDepartment: string | null; classification: Classification } | null,
  routing: RoutingSnapshot,
  publicUrl: string,
  occurrence?: string,
): {
  incidentId: string;
  targetId: string;
  channel: 'email' | 'webhook';
  event: IncidentEventName;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}[] {
  const subject: RoutingSubject = {
    id: incident.id,
    severity: incident.severity,
    documentOwner: document?.ownerDepartment ?? null,
    classification: document?.classification ?? null,
  };
  return planNotifications(event, subject, routing.targets, routing.rules, occurrence).map(
    (plan) => ({
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
    }),
  );
}

/** Raising the severity is an escalation (lowering it is not). */
export function isEscalation(from: Severity, to: Severity): boolean {
  return rank[to] > rank[from];
}
