import { boolean, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, moment, updatedAt } from './columns.js';
import { incidentSeverity, incidentStatus } from './enums.js';
import { documents } from './documents.js';
import { users } from './users.js';

export const incidents = pgTable('incidents', {
  id: id(),
  documentId: uuid().references(() => documents.id, { onDelete: 'set null' }),
  title: text().notNull(),
  severity: incidentSeverity().notNull(),
  /** True when an officer set the severity by hand; the reason is in the timeline. */
  severityOverridden: boolean().notNull().default(false),
  status: incidentStatus().notNull().default('open'),
  resolution: text(),
  assigneeId: uuid().references(() => users.id, { onDelete: 'set null' }),
  /** Start of the legal 72-hour notification clock (Law 91/2025/QH15, art. 23). */
  detectedAt: moment().notNull(),
  tags: text().array().notNull().default([]),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  closedAt: moment(),
  /** When a takedown was last requested: re-visits of the sightings are scheduled from it. */
  takedownRequestedAt: moment(),
});
