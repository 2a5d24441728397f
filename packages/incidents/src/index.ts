export {
  computeSeverity,
  type Classification,
  type Severity,
  type SeverityInput,
} from './severity.js';
export {
  checkTransition,
  incidentStatuses,
  type IncidentStatus,
  type TransitionCheck,
} from './incident-status.js';
export {
  deadlineRuleSchema,
  deadlinesOf,
  happenedOf,
  remindersDue,
  type DeadlineRule,
  type DeadlineState,
  type Reminder,
} from './deadlines.js';
export { signWebhook, verifyWebhook } from './webhook-signature.js';
export { incidentReportHtml, type IncidentReportInput } from './incident-report.js';
export {
  isEscalation,
  outboxRows,
  planNotifications,
  routingEvents,
  routingRuleSchema,
  ruleApplies,
  targetKinds,
  type IncidentEventName,
  type NotificationPlan,
  type RoutableTarget,
  type RoutingRule,
  type RoutingSnapshot,
  type RoutingSubject,
  type TargetKind,
} from './routing.js';
export { openWebhookSecret, sealWebhookSecret } from './webhook-secret.js';
export { acknowledgementPageHtml, type AcknowledgementPageInput } from './acknowledgement-page.js';
export {
  ackLinkTtlDays,
  ackUrl,
  makeAckToken,
  verifyAckToken,
  type AckTokenCheck,
} from './notification-ack.js';
export {
  alertAssignmentRows,
  assignmentNeedsNotice,
  incidentAssignmentRows,
  type Assignment,
} from './assignment-notice.js';
export {
  decideFloodHold,
  floodHoldNotification,
  type FloodGuardCounts,
  type FloodGuardDecision,
  type FloodGuardSettings,
  type FloodHoldNotice,
} from './flood-guard.js';
export { tasksOf, type IncidentTask } from './tasks.js';
export {
  deadlineCompliance,
  defaultOverviewDays,
  incidentsByWeek,
  isoWeekLabel,
  maxOverviewDays,
  overviewDocumentTypes,
  overviewTimeZone,
  resolveOverviewRange,
  vietnamDay,
  weekStartOf,
  type DeadlineCompliance,
  type DeadlineOutcome,
  type DeadlineSubject,
  type DeadlineTally,
  type OverviewDocumentType,
  type OverviewRange,
  type OverviewRangeCheck,
  type WeekCount,
} from './overview.js';
