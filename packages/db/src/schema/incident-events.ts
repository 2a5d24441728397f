import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { incidents } from './incidents.js';
import { users } from './users.js';

/** The incident's timeline: every change, comment, sighting, delivery and acknowledgement. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: id(),
    incidentId: uuid()
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    data: jsonb().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.incidentId, t.createdAt)],
);
