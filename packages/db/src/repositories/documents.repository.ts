import { and, asc, desc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  documentPages,
  documents,
  pageFingerprints,
  pageShingles,
  registryEvents,
} from '../schema/index.js';

export type RegisteredDocument = typeof documents.$inferSelect;
export type NewRegisteredDocument = typeof documents.$inferInsert;
export type DocumentClassification = RegisteredDocument['classification'];

/** What registration stores for one page: fingerprints only, never its text or pixels in clear. */
export interface NewRegisteredPage {
  pageNumber: number;
  width: number;
  height: number;
  textSource: 'text_layer' | 'ocr' | 'none';
  thumbnailCiphertext: Buffer;
  thumbnailKeyId: string;
  pdq: string;
  pdqQuality: number;
  phash: string;
  dhash: string;
  blockhash: string;
  keypoints: Buffer;
  textKeyId: string;
  /** Keyed feature hashes; kind 1 marks anchors, 2 dates. */
  shingles: { hash: bigint; kind: 0 | 1 | 2 }[];
}

/** A page as the matcher indexes it. */
export interface IndexablePage {
  pageId: string;
  documentId: string;
  pageNumber: number;
  pdq: string | null;
  pdqQuality: number | null;
  textKeyId: string | null;
  title: string;
  /** The registered file's SHA-256 and page count (exact-bytes matches of single images). */
  contentSha256: string;
  pageCount: number;
}

export interface DocumentListFilter {
  status?: 'active' | 'revoked';
  classification?: DocumentClassification;
  ownerDepartment?: string;
  search?: string;
  limit?: number;
  offset?: number;
}

const shingleBatch = 5_000;

export class DocumentsRepository {
  constructor(private readonly db: Database) {}

  /** The active registration of a file, if any (revoked ones do not count). */
  async findByContentHash(contentSha256: string): Promise<RegisteredDocument | undefined> {
    const rows = await this.db
      .select()
      .from(documents)
      .where(and(eq(documents.contentSha256, contentSha256), eq(documents.status, 'active')));
    return rows[0];
  }

  async findById(id: string): Promise<RegisteredDocument | undefined> {
    const rows = await this.db.select().from(documents).where(eq(documents.id, id));
    return rows[0];
  }

  /**
   * Stores a document, its pages and their fingerprints, and appends a `registered` event, in
   * one transaction. Registering the same file twice (even concurrently) yields the first row.
   */
  async register(
    document: NewRegisteredDocument,
    pages: readonly NewRegisteredPage[],
  ): Promise<{ document: RegisteredDocument; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(documents)
        .values({ ...document, pageCount: pages.length })
        .onConflictDoNothing({
          target: documents.contentSha256,
          where: sql`status = 'active'`,
        })
        .returning();
      const created = inserted[0];
      if (!created) {
        const existing = await tx
          .select()
          .from(documents)
          .where(
            and(
              eq(documents.contentSha256, document.contentSha256),
              eq(documents.status, 'active'),
            ),
          );
        if (!existing[0]) throw new Error('document vanished during registration');
        return { document: existing[0], created: false };
      }
      for (const page of pages) {
        const [pageRow] = await tx
          .insert(documentPages)
          .values({
            documentId: created.id,
            pageNumber: page.pageNumber,
            width: page.width,
            height: page.height,
            textSource: page.textSource,
            thumbnailCiphertext: page.thumbnailCiphertext,
            thumbnailKeyId: page.thumbnailKeyId,
          })
          .returning({ id: documentPages.id });
        if (!pageRow) throw new Error('page insert returned nothing');
        await tx.insert(pageFingerprints).values({
          pageId: pageRow.id,
          pdq: page.pdq,
          pdqQuality: page.pdqQuality,
          phash: page.phash,
          dhash: page.dhash,
          blockhash: page.blockhash,
          keypoints: page.keypoints,
          shingleCount: page.shingles.length,
          textKeyId: page.textKeyId,
        });
        for (let i = 0; i < page.shingles.length; i += shingleBatch) {
          const batch = page.shingles.slice(i, i + shingleBatch);
          // unnest() inserts a batch in one statement with two array parameters (sql.param keeps
          // each array one parameter instead of a list).
          await tx.execute(sql`
            insert into page_shingles (page_id, shingle, kind)
            select ${pageRow.id}::uuid, s, k
            from unnest(${sql.param(batch.map((b) => b.hash.toString()))}::bigint[], ${sql.param(batch.map((b) => b.kind))}::smallint[]) as t(s, k)
            on conflict do nothing`);
        }
      }
      await tx.insert(registryEvents).values({ documentId: created.id, type: 'registered' });
      return { document: created, created: true };
    });
  }

  /**
   * Marks a document revoked, deletes its fingerprints (keeping the reviewer thumbnails that
   * past alerts point at) and appends a `revoked` event, in one transaction.
   */
  async revoke(
    documentId: string,
    revokedBy: string | null,
  ): Promise<RegisteredDocument | undefined> {
    return this.db.transaction(async (tx) => {
      const [revoked] = await tx
        .update(documents)
        .set({ status: 'revoked', revokedAt: new Date(), revokedBy })
        .where(and(eq(documents.id, documentId), eq(documents.status, 'active')))
        .returning();
      if (!revoked) return undefined;
      const pageIds = tx
        .select({ id: documentPages.id })
        .from(documentPages)
        .where(eq(documentPages.documentId, documentId));
      await tx.delete(pageShingles).where(inArray(pageShingles.pageId, pageIds));
      await tx.delete(pageFingerprints).where(inArray(pageFingerprints.pageId, pageIds));
      await tx.insert(registryEvents).values({ documentId, type: 'revoked' });
      return revoked;
    });
  }

  async list(filter: DocumentListFilter = {}): Promise<RegisteredDocument[]> {
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(documents.status, filter.status));
    if (filter.classification) conditions.push(eq(documents.classification, filter.classification));
    if (filter.ownerDepartment)
      conditions.push(eq(documents.ownerDepartment, filter.ownerDepartment));
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const match = or(ilike(documents.title, pattern), ilike(documents.numberSymbol, pattern));
      if (match) conditions.push(match);
    }
    return this.db
      .select()
      .from(documents)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(documents.registeredAt))
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0);
  }

  async eventsSince(
    afterId: number,
    limit = 1_000,
  ): Promise<(typeof registryEvents.$inferSelect)[]> {
    return this.db
      .select()
      .from(registryEvents)
      .where(gt(registryEvents.id, afterId))
      .orderBy(asc(registryEvents.id))
      .limit(limit);
  }

  async lastEventId(): Promise<number> {
    const rows = await this.db
      .select({ id: sql<number>`coalesce(max(${registryEvents.id}), 0)::int` })
      .from(registryEvents);
    return rows[0]?.id ?? 0;
  }

  /** Active pages with fingerprints, in page-id order from `afterPageId` (keyset pages). */
  async indexablePages(options: {
    afterPageId?: string;
    documentId?: string;
    limit: number;
  }): Promise<IndexablePage[]> {
    const conditions: SQL[] = [eq(documents.status, 'active')];
    if (options.afterPageId) conditions.push(gt(documentPages.id, options.afterPageId));
    if (options.documentId) conditions.push(eq(documents.id, options.documentId));
    return this.db
      .select({
        pageId: documentPages.id,
        documentId: documents.id,
        pageNumber: documentPages.pageNumber,
        pdq: pageFingerprints.pdq,
        pdqQuality: pageFingerprints.pdqQuality,
        textKeyId: pageFingerprints.textKeyId,
        title: documents.title,
        contentSha256: documents.contentSha256,
        pageCount: documents.pageCount,
      })
      .from(documentPages)
      .innerJoin(documents, eq(documents.id, documentPages.documentId))
      .innerJoin(pageFingerprints, eq(pageFingerprints.pageId, documentPages.id))
      .where(and(...conditions))
      .orderBy(asc(documentPages.id))
      .limit(options.limit);
  }

  async shinglesOf(
    pageIds: readonly string[],
  ): Promise<{ pageId: string; hash: bigint; kind: number }[]> {
    if (pageIds.length === 0) return [];
    const rows = await this.db
      .select({ pageId: pageShingles.pageId, hash: pageShingles.shingle, kind: pageShingles.kind })
      .from(pageShingles)
      .where(inArray(pageShingles.pageId, [...pageIds]));
    return rows;
  }

  async keypointsOf(pageId: string): Promise<Buffer | undefined> {
    const rows = await this.db
      .select({ keypoints: pageFingerprints.keypoints })
      .from(pageFingerprints)
      .where(eq(pageFingerprints.pageId, pageId));
    return rows[0]?.keypoints ?? undefined;
  }

  async pagesOf(documentId: string): Promise<(typeof documentPages.$inferSelect)[]> {
    return this.db
      .select()
      .from(documentPages)
      .where(eq(documentPages.documentId, documentId))
      .orderBy(asc(documentPages.pageNumber));
  }

  /** Thumbnails sealed with a key other than `keyId`, in page-id order (key rotation). */
  async thumbnailsNotUnder(
    keyId: string,
    options: { afterPageId?: string; limit: number },
  ): Promise<{ pageId: string; keyId: string; ciphertext: Buffer }[]> {
    const conditions: SQL[] = [
      sql`${documentPages.thumbnailCiphertext} is not null`,
      sql`${documentPages.thumbnailKeyId} is distinct from ${keyId}`,
    ];
    if (options.afterPageId) conditions.push(gt(documentPages.id, options.afterPageId));
    const rows = await this.db
      .select({
        pageId: documentPages.id,
        keyId: documentPages.thumbnailKeyId,
        ciphertext: documentPages.thumbnailCiphertext,
      })
      .from(documentPages)
      .where(and(...conditions))
      .orderBy(asc(documentPages.id))
      .limit(options.limit);
    return rows.flatMap((row) =>
      row.ciphertext
        ? [{ pageId: row.pageId, keyId: row.keyId ?? '', ciphertext: row.ciphertext }]
        : [],
    );
  }

  /** Documents whose kept original is sealed under another key than `keyId` (rotation). */
  async originalsNotUnder(keyId: string): Promise<{ documentId: string; blobKey: string }[]> {
    const rows = await this.db
      .select({ documentId: documents.id, blobKey: documents.originalBlobKey })
      .from(documents)
      .where(
        and(
          sql`${documents.originalBlobKey} is not null`,
          sql`${documents.originalBlobKey} not like ${`%.${keyId}.sealed`}`,
        ),
      )
      .orderBy(asc(documents.id));
    return rows.flatMap((row) =>
      row.blobKey ? [{ documentId: row.documentId, blobKey: row.blobKey }] : [],
    );
  }

  /** Points a document at its re-sealed original, only if it still points at the old one. */
  async replaceOriginal(
    documentId: string,
    oldBlobKey: string,
    newBlobKey: string,
  ): Promise<boolean> {
    const rows = await this.db
      .update(documents)
      .set({ originalBlobKey: newBlobKey })
      .where(and(eq(documents.id, documentId), eq(documents.originalBlobKey, oldBlobKey)))
      .returning({ id: documents.id });
    return rows.length > 0;
  }

  /** Replaces a thumbnail re-sealed under a new key, only if it is still under the old one. */
  async replaceThumbnail(
    pageId: string,
    previousKeyId: string,
    next: { keyId: string; ciphertext: Buffer },
  ): Promise<boolean> {
    const rows = await this.db
      .update(documentPages)
      .set({ thumbnailCiphertext: next.ciphertext, thumbnailKeyId: next.keyId })
      .where(and(eq(documentPages.id, pageId), eq(documentPages.thumbnailKeyId, previousKeyId)))
      .returning({ id: documentPages.id });
    return rows.length > 0;
  }
}
