import { boolean, pgTable, real, text } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';

/**
 * Deadlines as records (name, start event, duration, who is reminded when): the 72-hour
 * breach notice is seeded; administrators add or change rules without a release.
 */
export const deadlineRules = pgTable('deadline_rules', {
  id: id(),
  name: text().notNull().unique('deadline_rules_name_unique'),
  label: text().notNull(),
  startEvent: text().notNull(),
  durationHours: real().notNull(),
  remindBeforeHours: real().array().notNull().default([]),
  remind: text().array().notNull(),
  metBy: text().notNull(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
