import { index, jsonb, pgTable, real, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, moment } from './columns.js';
import { alertKind, alertStatus, dismissReason } from './enums.js';
import { documentPages } from './document-pages.js';
import { documents } from './documents.js';
import { images } from './images.js';
import { incidents } from './incidents.js';
import { users } from './users.js';

export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    imageId: uuid()
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    kind: alertKind().notNull(),
    status: alertStatus().notNull().default('new'),
    documentId: uuid().references(() => documents.id, { onDelete: 'set null' }),
    pageId: uuid().references(() => documentPages.id, { onDelete: 'set null' }),
    score: real(),
    /** Which signals agreed and how strongly (the matcher's explanation). */
    signals: jsonb(),
    /** Matched region in the posted image and in the registered page. */
    region: jsonb(),
    /** Personal-data findings: kinds, counts and positions, never the values. */
    findings: jsonb(),
    /** Alerts sharing this key are grouped in triage (see docs/architecture.md). */
    dedupKey: text().notNull(),
    assigneeId: uuid().references(() => users.id, { onDelete: 'set null' }),
    incidentId: uuid().references(() => incidents.id, { onDelete: 'set null' }),
    dismissReason: dismissReason(),
    createdAt: createdAt(),
    decidedAt: moment(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    // One alert per image and verdict target, so a re-delivered job cannot add a second.
    unique('alerts_image_verdict_unique').on(t.imageId, t.kind, t.documentId).nullsNotDistinct(),
    index().on(t.status, t.createdAt),
    index().on(t.dedupKey),
  ],
);
