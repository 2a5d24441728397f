/** The API's JSON shapes the dashboard reads (services/api/src/routes, OpenAPI at /docs). */
import type { MatchExplanation } from '../lib/match-explanation.js';

export type Role = 'admin' | 'officer' | 'leadership' | 'liaison';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  permissions: string[];
  routingTargetId: string | null;
  locale: string | null;
}

export interface SignedIn {
  user: SessionUser;
  permissions: string[];
  csrfToken: string;
}

export type AlertStatus = 'new' | 'confirmed' | 'dismissed' | 'quarantined';
export type AlertKind = 'match' | 'sensitive_unregistered';

export interface AlertGroup {
  dedupKey: string;
  kind: string;
  documentId: string | null;
  documentTitle: string | null;
  pageId: string | null;
  alerts: number;
  /** The strongest alert's score; spread: distinct posts and places the images were seen in. */
  maxScore: number | null;
  sightings: number;
  places: number;
  firstAt: string;
  lastAt: string;
}

export interface AlertFacets {
  sources: { id: string; name: string | null; url: string; alerts: number }[];
  documents: { id: string; title: string; alerts: number }[];
}

export interface AlertDetail {
  alert: Alert;
  explanation: MatchExplanation | null;
  region: {
    inImage: { x: number; y: number }[];
    inPage: { x: number; y: number }[] | null;
  } | null;
  image: {
    id: string;
    width: number | null;
    height: number | null;
    mimeType: string | null;
    sha256: string;
  };
  document: { id: string; title: string; classification: string; status: string } | null;
  page: {
    id: string;
    pageNumber: number;
    width: number;
    height: number;
    hasThumbnail: boolean;
  } | null;
  sightings: {
    postId: string;
    permalink: string | null;
    text: string | null;
    postedAt: string | null;
    firstSeenAt: string;
    goneAt: string | null;
    reach: { reactions?: number; comments?: number; shares?: number } | null;
    source: { id: string; kind: string; url: string; name: string | null };
  }[];
}

export interface Alert {
  id: string;
  kind: AlertKind;
  status: AlertStatus;
  imageId: string;
  documentId: string | null;
  pageId: string | null;
  score: number | null;
  findings: { kind: string; count: number }[];
  dedupKey: string;
  assigneeId: string | null;
  incidentId: string | null;
  dismissReason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export const dismissReasons = [
  'false_match',
  'already_known',
  'not_sensitive',
  'duplicate',
] as const;
export type DismissReason = (typeof dismissReasons)[number];

export type Decision =
  | { action: 'confirm'; alertIds: string[] }
  | { action: 'dismiss'; alertIds: string[]; reason: DismissReason; note?: string };

export interface DecisionResult {
  decided: string[];
  incidents: { id: string; opened: boolean }[];
}

export const incidentStatuses = [
  'open',
  'reported',
  'takedown_requested',
  'removed',
  'closed',
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface Incident {
  id: string;
  documentId: string | null;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  assigneeId: string | null;
  detectedAt: string;
  createdAt: string;
  closedAt: string | null;
}

export interface Deadline {
  rule: string;
  label: string;
  dueAt: string;
  secondsLeft: number;
  met: boolean;
  overdue: boolean;
}

export interface Sighting {
  postId: string;
  permalink: string | null;
  postedAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  goneAt: string | null;
  reach: { reactions?: number; comments?: number; shares?: number } | null;
  images: number;
  source: { id: string; kind: string; url: string; name: string | null };
}

export interface IncidentNotification {
  id: string;
  event: string;
  targetId: string | null;
  target: string | null;
  channel: 'email' | 'webhook';
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  createdAt: string;
}

export interface TimelineEvent {
  type: string;
  actorId: string | null;
  at: string;
  data: Record<string, unknown>;
}

export interface IncidentDetail {
  incident: Incident;
  spread: {
    sightings: number;
    places: number;
    firstSeenAt: string | null;
    lastSeenAt: string | null;
  };
  deadlines: Deadline[];
  alerts: { id: string; imageId: string; createdAt: string }[];
  sightings: Sighting[];
  tasks: {
    id: string;
    title: string;
    assigneeId: string | null;
    dueAt: string | null;
    done: boolean;
    doneAt: string | null;
    createdAt: string;
  }[];
  timeline: TimelineEvent[];
  notifications: IncidentNotification[];
}

/* Administration (src/pages/admin): accounts, routing, deadline rules, the negative bank. */

/** An account as GET /api/users shows it (no password hash, no lockout counters). */
export interface ManagedUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  permissions: string[];
  routingTargetId: string | null;
  locale: string;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export type TargetKind = 'department' | 'police' | 'data_protection_agency';

export interface RoutingTarget {
  id: string;
  name: string;
  formerNames: string[];
  kind: TargetKind;
  emails: string[];
  webhookUrl: string | null;
  /** The secret itself is write-only: the API says only whether one is set. */
  hasWebhookSecret: boolean;
  activeFrom: string | null;
  activeUntil: string | null;
}

export interface RoutingRule {
  id: string;
  name: string;
  event: string;
  targetKinds: string[];
  targetIds: string[];
  documentOwners: string[];
  classifications: string[];
  minSeverity: string | null;
  active: boolean;
  updatedAt: string;
}

export interface DeadlineRule {
  id: string;
  name: string;
  label: string;
  startEvent: string;
  durationHours: number;
  remindBeforeHours: number[];
  remind: string[];
  metBy: string;
  active: boolean;
  updatedAt: string;
}

/** An entry of the negative bank: an image said not to be a registered page. */
export interface MatchDismissal {
  id: string;
  imageSha256: string;
  documentId: string;
  documentTitle: string;
  pageId: string;
  pageNumber: number;
  reason: string;
  note: string | null;
  dismissedBy: string | null;
  createdAt: string;
}

/** Sources page (GET /api/sources, /api/monitoring-accounts). */
export const crawlStates = [
  'pending',
  'healthy',
  'login_required',
  'checkpoint',
  'blocked',
  'not_found',
  'error',
] as const;
export type CrawlState = (typeof crawlStates)[number];
export type SourceKind = 'page' | 'group' | 'post';

export interface Source {
  id: string;
  kind: SourceKind;
  url: string;
  canonicalKey: string;
  name: string | null;
  cadenceMinutes: number;
  state: CrawlState;
  paused: boolean;
  failureCount: number;
  lastError: string | null;
  blockedUntil: string | null;
  lastCrawledAt: string | null;
  nextCrawlAt: string | null;
  accountId: string | null;
  createdAt: string;
}

/** A source as the list shows it: with what crawling has found there. */
export interface ListedSource extends Source {
  postsFound: number;
  imagesFound: number;
}

export interface MonitoringAccount {
  id: string;
  label: string;
  proxyUrl: string | null;
  state: CrawlState;
  stateUntil: string | null;
  lastError: string | null;
  lastUsedAt: string | null;
  hasStorageState: boolean;
  createdAt: string;
}

/* Documents and Check an image (src/pages/documents-page.tsx, check-image-page.tsx). */

/** A registered document's metadata (GET /api/documents); fingerprints never leave the API. */
export interface DocumentRecord {
  id: string;
  title: string;
  numberSymbol: string | null;
  issuingUnit: string | null;
  classification: string;
  ownerDepartment: string | null;
  tags: string[];
  retentionUntil: string | null;
  pageCount: number;
  status: 'active' | 'revoked';
  registeredAt: string;
  revokedAt: string | null;
}

/** POST /api/documents: 201 registered, 200 when the same bytes were registered before. */
export interface DocumentRegistration {
  documentId: string;
  title: string;
  pages: number;
  status: 'registered' | 'already-registered';
}

export interface DocumentRevocation {
  status: 'revoked' | 'already-revoked';
  document: DocumentRecord;
}

export interface ImageMatchedPage {
  documentId: string;
  title: string;
  page: number;
  score: number;
  signals: { rules: string[]; agreed: string[] };
}

/** POST /api/match: the verdict on one image, with its reasons. */
export interface ImageMatchResult {
  file: string;
  verdict: 'match' | 'sensitive-unregistered' | 'no-match';
  matches: ImageMatchedPage[];
  /** Personal data read in the image: kinds and counts, never values. */
  findings: { kind: string; count: number }[];
  /** Pages left out because an officer said before that this image is not them. */
  suppressed: { documentId: string; page: number }[];
  seconds: number;
  sha256: string;
  /** 0..1: how likely the image leaks personal data from an official document. */
  risk: number;
}

/** GET /api/overview: a period's figures for leadership (docs/operations.md, "Overview figures"). */
export const overviewDocumentTypes = [
  'thuong',
  'mat',
  'toi_mat',
  'tuyet_mat',
  'unregistered',
] as const;
export type OverviewDocumentType = (typeof overviewDocumentTypes)[number];

export interface OverviewDuration {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface DeadlineTally {
  met: number;
  late: number;
  missed: number;
  open: number;
}

export interface Overview {
  range: { from: string; to: string; timeZone: string };
  generatedAt: string;
  weekly: {
    weekStart: string;
    isoWeek: string;
    counts: Record<OverviewDocumentType, number>;
    total: number;
  }[];
  durations: { postingToDetection: OverviewDuration; detectionToRemoval: OverviewDuration };
  open: {
    total: number;
    byStatus: { status: IncidentStatus; count: number }[];
    bySeverity: { severity: Severity; count: number }[];
    byDepartment: { targetId: string | null; name: string | null; count: number }[];
  };
  deadlines: {
    totals: DeadlineTally;
    complianceRate: number | null;
    byRule: ({ rule: string; label: string } & DeadlineTally)[];
  };
  topSources: {
    sourceId: string;
    kind: string;
    name: string | null;
    url: string;
    incidents: number;
    sightings: number;
  }[];
}

/**
 * GET /api/flood-holds: a registered page that suddenly matched far more images than usual has
 * its new alerts held back (quarantined) until an administrator releases or dismisses them.
 */
export interface FloodHold {
  id: string;
  pageId: string;
  documentId: string | null;
  documentTitle: string | null;
  pageNumber: number | null;
  /** Alerts in the window that tripped the guard, and the page's usual hourly rate then. */
  triggerCount: number;
  baselinePerHour: number;
  /** Alerts held now (0 once the hold has ended). */
  quarantinedAlerts: number;
  startedAt: string;
  endedAt: string | null;
  endedBy: string | null;
  resolution: 'released' | 'dismissed' | null;
}
