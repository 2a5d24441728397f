import { sql } from 'drizzle-orm';
import { integer, pgTable, real, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, moment } from './columns.js';
import { documentPages } from './document-pages.js';
import { documents } from './documents.js';
import { floodHoldResolution } from './enums.js';
import { users } from './users.js';

/**
 * A registered page that suddenly matched far more images than usual (a template header
 * matching everything): while the hold is open its new alerts are quarantined, and the
 * administrators were told once when it started.
 */
export const floodHolds = pgTable(
  'flood_holds',
  {
    id: id(),
    pageId: uuid()
      .notNull()
      .references(() => documentPages.id, { onDelete: 'cascade' }),
    documentId: uuid().references(() => documents.id, { onDelete: 'cascade' }),
    /** Alerts in the window that tripped the guard, and the page's usual rate then. */
    triggerCount: integer().notNull(),
    baselinePerHour: real().notNull(),
    startedAt: moment().notNull().defaultNow(),
    endedAt: moment(),
    endedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    resolution: floodHoldResolution(),
  },
  (t) => [
    uniqueIndex('flood_holds_open_page_unique')
      .on(t.pageId)
      .where(sql`${t.endedAt} is null`),
  ],
);
