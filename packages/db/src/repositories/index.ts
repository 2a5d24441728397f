import type { Database } from '../client.js';
import { AlertsRepository } from './alerts.repository.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { CrawlResultsRepository } from './crawl-results.repository.js';
import { DocumentsRepository } from './documents.repository.js';
import { FloodHoldsRepository } from './flood-holds.repository.js';
import { HealthRepository } from './health.repository.js';
import { ImageFingerprintsRepository } from './image-fingerprints.repository.js';
import { JobCompletionsRepository } from './job-completions.repository.js';
import { MatchDismissalsRepository } from './match-dismissals.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { MonitoringAccountsRepository } from './monitoring-accounts.repository.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OverviewRepository } from './overview.repository.js';
import { RoutingTargetsRepository } from './routing-targets.repository.js';
import { RetentionRepository } from './retention.repository.js';
import { RulesRepository } from './routing-rules.repository.js';
import { SourcesRepository } from './sources.repository.js';
import { TakedownChecksRepository } from './takedown-checks.repository.js';
import { TriageRepository } from './triage.repository.js';
import { UsersRepository } from './users.repository.js';

export { AlertsRepository, type Alert, type NewAlert } from './alerts.repository.js';
export {
  FloodHoldsRepository,
  type FloodGuardPolicy,
  type FloodHold,
  type FloodHoldFacts,
  type FloodHoldView,
} from './flood-holds.repository.js';
export {
  RoutingTargetsRepository,
  type NewRoutingTarget,
  type RoutingTarget,
  type RoutingTargetChanges,
} from './routing-targets.repository.js';
export { NotificationsRepository, type Notification } from './notifications.repository.js';
export {
  OverviewRepository,
  type DeadlineFacts,
  type DurationFigures,
  type OpenIncidentFigures,
  type OverviewPeriod,
  type SourceFigures,
} from './overview.repository.js';
export {
  RulesRepository,
  type DeadlineRuleRow,
  type NewDeadlineRule,
  type NewRoutingRule,
  type RoutingRuleRow,
} from './routing-rules.repository.js';
export {
  TriageRepository,
  type NewNotification,
  type AlertDetail,
  type AlertGroup,
  type AlertGroupFilter,
  type DismissReason,
  type Incident,
  type IncidentEvent,
  type IncidentSeverity,
  type Spread,
} from './triage.repository.js';
export { ApiTokensRepository, type ApiToken, type NewApiToken } from './api-tokens.repository.js';
export {
  AuditLogRepository,
  type AuditEntry,
  type AuditListFilter,
  type AuditVerification,
  type NewAuditEntry,
} from './audit-log.repository.js';
export { SessionsRepository, type NewSession, type Session } from './sessions.repository.js';
export {
  UsersRepository,
  type LockoutSettings,
  type NewUser,
  type User,
  type UserChanges,
  type UserRole,
} from './users.repository.js';
export {
  CrawlResultsRepository,
  type CrawledImage,
  type CrawledPost,
  type CrawledSighting,
  type StoredImage,
  type StoredPost,
} from './crawl-results.repository.js';
export {
  DocumentsRepository,
  type DocumentClassification,
  type DocumentListFilter,
  type IndexablePage,
  type NewRegisteredDocument,
  type NewRegisteredPage,
  type RegisteredDocument,
} from './documents.repository.js';
export { HealthRepository } from './health.repository.js';
export {
  ImageFingerprintsRepository,
  type ImageFingerprintRow,
} from './image-fingerprints.repository.js';
export { JobCompletionsRepository, type JobCompletion } from './job-completions.repository.js';
export {
  MatchDismissalsRepository,
  type MatchDismissal,
  type NewMatchDismissal,
} from './match-dismissals.repository.js';
export {
  MonitoringAccountsRepository,
  type MonitoringAccount,
  type NewMonitoringAccount,
} from './monitoring-accounts.repository.js';
export {
  TakedownChecksRepository,
  type NewTakedownCheck,
  type TakedownCheck,
  type TakedownCounts,
  type TakedownOutcome,
  type TakedownPassResult,
  type TakedownPost,
  type TakedownSubject,
} from './takedown-checks.repository.js';
export {
  RetentionRepository,
  type LockedBlobRemoval,
  type RetentionBlobCandidate,
  type RetentionBlobCutoffs,
  type RetentionDocumentCandidate,
  type RetentionHoldName,
} from './retention.repository.js';
export {
  SourcesRepository,
  type CrawlRecord,
  type NewSource,
  type Source,
  type SourcePatch,
  type SourceState,
} from './sources.repository.js';

/** Every repository over one connection pool: what services receive instead of `db`. */
export function createRepositories(db: Database) {
  return {
    alerts: new AlertsRepository(db),
    apiTokens: new ApiTokensRepository(db),
    audit: new AuditLogRepository(db),
    crawlResults: new CrawlResultsRepository(db),
    documents: new DocumentsRepository(db),
    floodHolds: new FloodHoldsRepository(db),
    health: new HealthRepository(db),
    imageFingerprints: new ImageFingerprintsRepository(db),
    jobCompletions: new JobCompletionsRepository(db),
    matchDismissals: new MatchDismissalsRepository(db),
    monitoringAccounts: new MonitoringAccountsRepository(db),
    sessions: new SessionsRepository(db),
    notifications: new NotificationsRepository(db),
    overview: new OverviewRepository(db),
    retention: new RetentionRepository(db),
    routingTargets: new RoutingTargetsRepository(db),
    rules: new RulesRepository(db),
    sources: new SourcesRepository(db),
    takedownChecks: new TakedownChecksRepository(db),
    triage: new TriageRepository(db),
    users: new UsersRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
