import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, moment } from './columns.js';
import { users } from './users.js';

/** Integration tokens (e.g. the document-management system); only a hash is kept. */
export const apiTokens = pgTable('api_tokens', {
  id: id(),
  name: text().notNull(),
  tokenHash: text().notNull().unique('api_tokens_token_hash_unique'),
  scopes: text().array().notNull().default([]),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  lastUsedAt: moment(),
  expiresAt: moment(),
  revokedAt: moment(),
});
