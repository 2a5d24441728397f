import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, moment } from './columns.js';
import { evidenceKind } from './enums.js';
import { images } from './images.js';
import { posts } from './posts.js';
import { sources } from './sources.js';

/** A captured file (image bytes, post screenshot, HTML, response body) in the blob store. */
export const evidenceBlobs = pgTable(
  'evidence_blobs',
  {
    id: id(),
    postId: uuid().references(() => posts.id, { onDelete: 'set null' }),
    imageId: uuid().references(() => images.id, { onDelete: 'set null' }),
    /** Set for captures of a wall or block page (diagnosis), which belong to no post. */
    sourceId: uuid().references(() => sources.id, { onDelete: 'set null' }),
    kind: evidenceKind().notNull(),
    blobKey: text().notNull(),
    sha256: text().notNull(),
    byteSize: integer().notNull(),
    contentType: text().notNull(),
    capturedAt: moment().notNull().defaultNow(),
    /** When the retention run deleted the bytes; the row stays as the record of the capture. */
    blobRemovedAt: moment(),
  },
  (t) => [
    index().on(t.postId),
    index().on(t.imageId),
    index().on(t.sourceId),
    // The retention run walks the blobs still stored, in key order.
    index('evidence_blobs_blob_key_stored_idx')
      .on(t.blobKey)
      .where(sql`${t.blobRemovedAt} is null`),
  ],
);
