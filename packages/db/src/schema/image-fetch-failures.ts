import { boolean, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { sources } from './sources.js';

/**
 * An image a crawl could not fetch, and why (`@leakwatch/safe-fetch` failure classes: refused
 * address, too large, not an image, timeout, …), so refusals are visible and never silent.
 */
export const imageFetchFailures = pgTable(
  'image_fetch_failures',
  {
    id: id(),
    sourceId: uuid().references(() => sources.id, { onDelete: 'cascade' }),
    /** The CDN file name the image was known by. */
    cdnKey: text().notNull(),
    url: text().notNull(),
    failure: text().notNull(),
    transient: boolean().notNull(),
    httpStatus: integer(),
    detail: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.sourceId, t.createdAt)],
);
