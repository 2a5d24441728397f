import { pgTable, text } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, moment, updatedAt } from './columns.js';
import { crawlState } from './enums.js';

/** A Facebook account the department owns, used to see groups that need a login. */
export const monitoringAccounts = pgTable('monitoring_accounts', {
  id: id(),
  label: text().notNull().unique(),
  /** Playwright storage state (cookies), encrypted with the configured key. */
  storageStateCiphertext: bytea(),
  /** Every crawl with this account leaves from the same egress. */
  proxyUrl: text(),
  state: crawlState().notNull().default('pending'),
  stateUntil: moment(),
  lastError: text(),
  lastUsedAt: moment(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
