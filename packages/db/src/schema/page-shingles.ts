import { bigint, index, pgTable, primaryKey, smallint, uuid } from 'drizzle-orm/pg-core';
import { documentPages } from './document-pages.js';

/**
 * The text inverted index at rest: one row per (page, shingle hash). Only keyed hashes are
 * stored, so the registry never holds a registered page's words.
 */
export const pageShingles = pgTable(
  'page_shingles',
  {
    pageId: uuid()
      .notNull()
      .references(() => documentPages.id, { onDelete: 'cascade' }),
    shingle: bigint({ mode: 'bigint' }).notNull(),
    /** 0: a word shingle; 1: an anchor (document number, ID or phone number, case code, name); 2: a date. */
    kind: smallint().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.shingle] }), index().on(t.shingle)],
);
