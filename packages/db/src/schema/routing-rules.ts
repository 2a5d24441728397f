import { boolean, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import {
  documentClassification,
  incidentSeverity,
  routingEvent,
  routingTargetKind,
} from './enums.js';

/**
 * Which routing targets hear of which incident events, as records administrators edit. A rule
 * matches an incident when every non-empty filter does (empty: any owner, any classification);
 * it selects targets by kind and/or by id.
 */
export const routingRules = pgTable('routing_rules', {
  id: id(),
  name: text().notNull(),
  event: routingEvent().notNull(),
  targetKinds: routingTargetKind().array().notNull().default([]),
  targetIds: uuid().array().notNull().default([]),
  documentOwners: text().array().notNull().default([]),
  classifications: documentClassification().array().notNull().default([]),
  minSeverity: incidentSeverity(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
