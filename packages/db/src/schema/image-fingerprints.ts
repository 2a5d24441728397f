import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { moment } from './columns.js';
import { images } from './images.js';

/** Perceptual hashes of a crawled image (hex strings, as the hash CLI prints them). */
export const imageFingerprints = pgTable('image_fingerprints', {
  imageId: uuid()
    .primaryKey()
    .references(() => images.id, { onDelete: 'cascade' }),
  pdq: text(),
  pdqQuality: integer(),
  phash: text(),
  dhash: text(),
  blockhash: text(),
  computedAt: moment().notNull().defaultNow(),
});
