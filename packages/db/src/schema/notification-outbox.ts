import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, moment } from './columns.js';
import { notificationChannel, notificationStatus } from './enums.js';
import { incidents } from './incidents.js';
import { routingTargets } from './routing-targets.js';

/**
 * Transactional outbox: a row is written in the same transaction as the incident change that
 * causes it, and the notifier delivers it; `idempotencyKey` makes redelivery harmless.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: id(),
    incidentId: uuid().references(() => incidents.id, { onDelete: 'cascade' }),
    targetId: uuid().references(() => routingTargets.id, { onDelete: 'set null' }),
    channel: notificationChannel().notNull(),
    event: text().notNull(),
    payload: jsonb().notNull(),
    idempotencyKey: text().notNull().unique('notification_outbox_idempotency_key_unique'),
    status: notificationStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: moment().notNull().defaultNow(),
    lastError: text(),
    deliveredAt: moment(),
    /** When the receiving liaison acknowledged it (link in the message, or the API), and who. */
    acknowledgedAt: moment(),
    acknowledgedBy: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.status, t.nextAttemptAt)],
);
