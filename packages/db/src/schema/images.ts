import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { id, moment } from './columns.js';
import { imageStatus } from './enums.js';

/** One row per distinct image content (SHA-256 of the bytes); posts refer to it by sighting. */
export const images = pgTable('images', {
  id: id(),
  sha256: text().notNull().unique(),
  mimeType: text(),
  width: integer(),
  height: integer(),
  byteSize: integer().notNull(),
  blobKey: text().notNull(),
  status: imageStatus().notNull().default('pending'),
  /** Classified reason when processing failed permanently (`undecodable`, `too_large`, …). */
  failureCode: text(),
  firstSeenAt: moment().notNull().defaultNow(),
  processedAt: moment(),
});
