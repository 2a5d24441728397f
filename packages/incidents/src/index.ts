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
  defaultDeadlineRules,
  remindersDue,
  type DeadlineRule,
  type DeadlineState,
  type Reminder,
} from './deadlines.js';
export { signWebhook, verifyWebhook } from './webhook-signature.js';
export { incidentReportHtml, type IncidentReportInput } from './incident-report.js';
export {
  defaultRoutingRules,
  outboxRows,
  planNotifications,
  type IncidentEventName,
  type NotificationPlan,
  type RoutingRule,
  type TargetKind,
} from './routing.js';
export { openWebhookSecret, sealWebhookSecret } from './webhook-secret.js';
