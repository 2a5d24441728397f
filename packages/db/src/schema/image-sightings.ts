import { index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { id, moment } from './columns.js';
import { images } from './images.js';
import { posts } from './posts.js';

/** An image seen in a post: reposts of one image are several sightings of one image row. */
export const imageSightings = pgTable(
  'image_sightings',
  {
    id: id(),
    imageId: uuid()
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    position: integer().notNull().default(0),
    /** CDN file name, shared by the size variants of one upload. */
    cdnKey: text(),
    sourceUrl: text(),
    capturedAt: moment().notNull().defaultNow(),
  },
  (t) => [
    unique('image_sightings_post_image_unique').on(t.postId, t.imageId),
    index().on(t.imageId),
  ],
);
