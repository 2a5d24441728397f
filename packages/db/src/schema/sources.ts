import { boolean, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, moment, updatedAt } from './columns.js';
import { crawlState, sourceKind } from './enums.js';
import { monitoringAccounts } from './monitoring-accounts.js';
import { users } from './users.js';

/** A public Facebook page or group (or a single post) that LeakWatch watches. */
export const sources = pgTable('sources', {
  id: id(),
  kind: sourceKind().notNull(),
  url: text().notNull(),
  /** `group:<id|vanity>`, `page:<id|vanity>` or `post:<id>`: one row per target. */
  canonicalKey: text().notNull().unique('sources_canonical_key_unique'),
  name: text(),
  cadenceSeconds: integer().notNull().default(1800),
  accountId: uuid().references(() => monitoringAccounts.id, { onDelete: 'set null' }),
  state: crawlState().notNull().default('pending'),
  blockedUntil: moment(),
  lastError: text(),
  /** Failed crawls in a row: the back-off doubles with each (see @leakwatch/crawl-policy). */
  failureCount: integer().notNull().default(0),
  lastCrawledAt: moment(),
  nextCrawlAt: moment(),
  paused: boolean().notNull().default(false),
  /** Removed sources keep their posts and evidence; adding the same address restores them. */
  removedAt: moment(),
  /** The simulator source `pnpm start` adds when nothing is configured. */
  demo: boolean().notNull().default(false),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
