import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { moment } from './columns.js';
import { documents } from './documents.js';

/**
 * Every change to the set of registered documents, in order. Matcher processes follow this
 * log (polling for ids above the last one they applied), so every process's indexes converge
 * within seconds of a registration or a revocation, and a restarted process misses nothing.
 */
export const registryEvents = pgTable(
  'registry_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    type: text().$type<'registered' | 'revoked'>().notNull(),
    at: moment().notNull().defaultNow(),
  },
  (t) => [index().on(t.documentId)],
);
