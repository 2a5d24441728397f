import { integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, id } from './columns.js';
import { pageTextSource } from './enums.js';
import { documents } from './documents.js';

export const documentPages = pgTable(
  'document_pages',
  {
    id: id(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** 1-based, as people count pages. */
    pageNumber: integer().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    textSource: pageTextSource().notNull().default('none'),
    /** Low-resolution page image for reviewers, AES-256-GCM encrypted. */
    thumbnailCiphertext: bytea(),
    /** Which configured key encrypted the thumbnail, so keys can rotate. */
    thumbnailKeyId: text(),
  },
  (t) => [unique('document_pages_document_page_unique').on(t.documentId, t.pageNumber)],
);
