import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { id, moment } from './columns.js';
import { imageStatus } from './enums.js';

/** One row per distinct image content (SHA-256 of the bytes); posts refer to it by sighting. */
export const images = pgTable(
  'images',
  {
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
    /**
     * When the retention run deleted the bytes (docs/operations.md, "Retention"). The row and its
     * fingerprints stay: repost grouping and the negative bank compare against them.
     */
    blobRemovedAt: moment(),
  },
  // The retention run walks the blobs still stored, in key order.
  (t) => [
    index('images_blob_key_stored_idx')
      .on(t.blobKey)
      .where(sql`${t.blobRemovedAt} is null`),
  ],
);
