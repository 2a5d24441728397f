/** The API's JSON shapes the dashboard reads (services/api/src/routes, OpenAPI at /docs). */

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
  firstAt: string;
  lastAt: string;
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
