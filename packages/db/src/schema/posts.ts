import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, moment } from './columns.js';
import { sources } from './sources.js';

/** Reach figures as Facebook shows them, when it shows them. */
export interface PostReach {
  reactions?: number;
  comments?: number;
  shares?: number;
}

export const posts = pgTable(
  'posts',
  {
    id: id(),
    /** Facebook's post id (numeric or pfbid…): a post is stored once however often it is seen. */
    fbPostId: text().notNull().unique('posts_fb_post_id_unique'),
    sourceId: uuid()
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    permalink: text(),
    authorName: text(),
    authorId: text(),
    postedAt: moment(),
    text: text(),
    reach: jsonb().$type<PostReach>(),
    /** The post this one shares, when it is a share. */
    sharedFbPostId: text(),
    firstSeenAt: moment().notNull().defaultNow(),
    lastSeenAt: moment().notNull().defaultNow(),
    /** When a re-visit found the post gone (deleted or hidden). */
    goneAt: moment(),
  },
  (t) => [index().on(t.sourceId, t.postedAt)],
);
