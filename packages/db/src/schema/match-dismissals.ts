import { jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { documentPages } from './document-pages.js';
import { dismissReason } from './enums.js';
import { users } from './users.js';

/**
 * The negative list: an officer said this image is not this registered page. The matcher never
 * reports that pair again, and the rows are labelled data for re-calibrating thresholds.
 */
export const matchDismissals = pgTable(
  'match_dismissals',
  {
    id: id(),
    imageSha256: text().notNull(),
    pageId: uuid()
      .notNull()
      .references(() => documentPages.id, { onDelete: 'cascade' }),
    reason: dismissReason().notNull(),
    note: text(),
    /** The matcher's score and signals when dismissed, for calibration. */
    signals: jsonb(),
    dismissedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  // The unique index also serves lookups by image (its leading column).
  (t) => [unique('match_dismissals_image_page_unique').on(t.imageSha256, t.pageId)],
);
