import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { moment } from './columns.js';

/**
 * Written in the same transaction as a job's effects: a re-delivered job finds its key here
 * and does nothing twice.
 */
export const jobCompletions = pgTable('job_completions', {
  jobKey: text().primaryKey(),
  queue: text().notNull(),
  outcome: jsonb().notNull().default({}),
  completedAt: moment().notNull().defaultNow(),
});
