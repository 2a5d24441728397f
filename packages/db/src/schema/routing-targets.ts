import { pgTable, text } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, moment, updatedAt } from './columns.js';
import { routingTargetKind } from './enums.js';

/**
 * A receiving organisation (department, police, data-protection agency). Records, not constants:
 * organisations merge and rename (Sở TT&TT became part of Sở KH&CN on 1 March 2025), so each
 * target is effective-dated and keeps its former names for older incidents.
 */
export const routingTargets = pgTable('routing_targets', {
  id: id(),
  name: text().notNull(),
  formerNames: text().array().notNull().default([]),
  kind: routingTargetKind().notNull(),
  emails: text().array().notNull().default([]),
  webhookUrl: text(),
  webhookSecretCiphertext: bytea(),
  activeFrom: moment(),
  activeUntil: moment(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
