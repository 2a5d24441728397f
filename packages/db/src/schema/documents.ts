import { sql } from 'drizzle-orm';
import { boolean, date, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, moment } from './columns.js';
import { documentClassification, documentStatus } from './enums.js';
import { users } from './users.js';

/**
 * A registered internal document. Only metadata lives here; its pages are kept as fingerprints
 * and an encrypted reviewer thumbnail, never as text or images in clear.
 */
export const documents = pgTable(
  'documents',
  {
    id: id(),
    /**
     * SHA-256 of the registered file: registering the same file again while it is active is a
     * no-op; after a revocation it registers anew (the revoked row stays, with its history).
     */
    contentSha256: text().notNull(),
    title: text().notNull(),
    /** Số và ký hiệu, e.g. `125/SYT-NVY`. */
    numberSymbol: text(),
    issuingUnit: text(),
    classification: documentClassification().notNull().default('thuong'),
    ownerDepartment: text(),
    tags: text().array().notNull().default([]),
    retentionUntil: date(),
    fileName: text(),
    mimeType: text(),
    pageCount: integer().notNull().default(0),
    status: documentStatus().notNull().default('active'),
    demo: boolean().notNull().default(false),
    /** Only set when the deployment opts in to keeping originals. */
    originalBlobKey: text(),
    registeredBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    registeredAt: createdAt(),
    revokedAt: moment(),
    revokedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /**
     * When the retention run, past `retentionUntil`, removed the pages' sealed thumbnails and the
     * kept original; the fingerprints stay, so leaks of the document are still found.
     */
    contentRemovedAt: moment(),
  },
  (t) => [
    uniqueIndex('documents_active_content_unique')
      .on(t.contentSha256)
      .where(sql`${t.status} = 'active'`),
  ],
);
