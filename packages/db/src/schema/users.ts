import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, moment, updatedAt } from './columns.js';
import { userRole } from './enums.js';
import { routingTargets } from './routing-targets.js';

export const users = pgTable('users', {
  id: id(),
  /** Stored lower-cased; unique. */
  email: text().notNull().unique(),
  displayName: text().notNull(),
  role: userRole().notNull(),
  /** Extra grants beyond the role, e.g. `evidence:view` for a leadership account. */
  permissions: text().array().notNull().default([]),
  /** For liaisons: the department whose incidents they see. */
  routingTargetId: uuid().references(() => routingTargets.id, { onDelete: 'set null' }),
  passwordHash: text(),
  locale: text().notNull().default('vi'),
  failedLoginCount: integer().notNull().default(0),
  lockedUntil: moment(),
  disabledAt: moment(),
  passwordChangedAt: moment(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
