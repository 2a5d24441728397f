import { bigint, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { moment } from './columns.js';

/**
 * Append-only and tamper-evident: each row's `hash` covers its content and the previous row's
 * hash, so editing or deleting a row breaks the chain from there on.
 */
export const auditLog = pgTable('audit_log', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: moment().notNull().defaultNow(),
  actorType: text().notNull(),
  actorId: text(),
  action: text().notNull(),
  targetType: text(),
  targetId: text(),
  requestId: text(),
  ip: text(),
  details: jsonb().notNull().default({}),
  prevHash: text().notNull(),
  hash: text().notNull().unique(),
});
