import { pgEnum } from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['admin', 'officer', 'leadership', 'liaison']);

/** Where a crawl target (or a monitoring account) stands; see docs/crawling.md. */
export const crawlState = pgEnum('crawl_state', [
  'pending',
  'healthy',
  'login_required',
  'checkpoint',
  'blocked',
  'not_found',
  'error',
]);

export const sourceKind = pgEnum('source_kind', ['page', 'group', 'post']);

export const imageStatus = pgEnum('image_status', ['pending', 'processed', 'failed']);

export const evidenceKind = pgEnum('evidence_kind', [
  'image',
  'screenshot',
  'html',
  'response_body',
]);

/** Secrecy levels of Vietnamese official documents: thường, mật, tối mật, tuyệt mật. */
export const documentClassification = pgEnum('document_classification', [
  'thuong',
  'mat',
  'toi_mat',
  'tuyet_mat',
]);

export const documentStatus = pgEnum('document_status', ['active', 'revoked']);

export const pageTextSource = pgEnum('page_text_source', ['text_layer', 'ocr', 'none']);

export const alertKind = pgEnum('alert_kind', ['match', 'sensitive_unregistered']);

export const alertStatus = pgEnum('alert_status', ['new', 'confirmed', 'dismissed', 'quarantined']);

export const dismissReason = pgEnum('dismiss_reason', [
  'false_match',
  'already_known',
  'not_sensitive',
  'duplicate',
]);

export const incidentStatus = pgEnum('incident_status', [
  'open',
  'reported',
  'takedown_requested',
  'removed',
  'closed',
]);

export const incidentSeverity = pgEnum('incident_severity', ['low', 'medium', 'high', 'critical']);

export const routingTargetKind = pgEnum('routing_target_kind', [
  'department',
  'police',
  'data_protection_agency',
]);

export const notificationChannel = pgEnum('notification_channel', ['email', 'webhook']);

export const notificationStatus = pgEnum('notification_status', ['pending', 'delivered', 'failed']);

/** Incident events a routing rule can fire on. */
export const routingEvent = pgEnum('routing_event', [
  'opened',
  'escalated',
  'deadline_near',
  'removed',
  'closed',
]);

/** What a takedown re-visit found at a sighting's address. */
export const takedownOutcome = pgEnum('takedown_outcome', ['present', 'gone', 'unreachable']);

/** How an administrator ended a flood hold: its alerts back to triage, or all dismissed. */
export const floodHoldResolution = pgEnum('flood_hold_resolution', ['released', 'dismissed']);
