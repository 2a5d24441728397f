import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, moment } from './columns.js';
import { takedownOutcome } from './enums.js';
import { incidents } from './incidents.js';
import { posts } from './posts.js';

/** Every re-visit of a sighting after a takedown was requested, and what it found. */
export const takedownChecks = pgTable(
  'takedown_checks',
  {
    id: id(),
    incidentId: uuid()
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    url: text(),
    outcome: takedownOutcome().notNull(),
    detail: text(),
    checkedAt: moment().notNull().defaultNow(),
  },
  (t) => [index().on(t.incidentId, t.checkedAt), index().on(t.postId, t.checkedAt)],
);
