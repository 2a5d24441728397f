import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './columns.js';
import { documentPages } from './document-pages.js';

/** Image fingerprints of a registered page (hex strings) and its local-feature descriptors. */
export const pageFingerprints = pgTable('page_fingerprints', {
  pageId: uuid()
    .primaryKey()
    .references(() => documentPages.id, { onDelete: 'cascade' }),
  pdq: text(),
  pdqQuality: integer(),
  phash: text(),
  dhash: text(),
  blockhash: text(),
  /** Packed keypoints and descriptors for geometric verification. */
  keypoints: bytea(),
  shingleCount: integer().notNull().default(0),
  /** Which text key hashed the shingles (a key change needs the pages registered again). */
  textKeyId: text(),
});
