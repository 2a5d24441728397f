import { TextIndex, type HashedFeature, type TextIndexStats } from '@leakwatch/text';
import { PdqIndex } from './pdq-index.js';

export interface IndexedPage {
  pageId: string;
  documentId: string;
  pageNumber: number;
  title: string;
  /** SHA-256 of the registered file, for single-image documents (exact-bytes matches). */
  fileSha256?: string;
}

/**
 * The in-memory view of the registry that matching reads: PDQ hashes in a multi-index, text
 * features in the containment index, and who each page is. One per process, kept in step with
 * PostgreSQL by `RegistrySync`.
 */
export class MatcherIndex {
  readonly pdq = new PdqIndex();
  readonly text: TextIndex;
  private readonly pages: IndexedPage[] = [];
  private readonly ordinals = new Map<string, number>();
  private readonly byDocument = new Map<string, number[]>();
  private readonly byFileSha256 = new Map<string, number>();

  constructor(boilerplate: ReadonlySet<bigint>) {
    this.text = new TextIndex({ boilerplate });
  }

  hasDocument(documentId: string): boolean {
    return this.byDocument.has(documentId);
  }

  addPage(page: IndexedPage, pdq: string | null, features: readonly HashedFeature[]): void {
    if (this.ordinals.has(page.pageId)) return;
    const ordinal = this.pages.length;
    this.pages.push(page);
    this.ordinals.set(page.pageId, ordinal);
    const list = this.byDocument.get(page.documentId) ?? [];
    list.push(ordinal);
    this.byDocument.set(page.documentId, list);
    if (pdq) this.pdq.add(ordinal, pdq);
    if (page.fileSha256) this.byFileSha256.set(page.fileSha256, ordinal);
    this.text.addPage({ pageId: page.pageId, documentId: page.documentId }, features);
  }

  removeDocument(documentId: string): void {
    for (const ordinal of this.byDocument.get(documentId) ?? []) {
      this.pdq.remove(ordinal);
      const page = this.pages[ordinal];
      if (page) this.ordinals.delete(page.pageId);
      if (page?.fileSha256) this.byFileSha256.delete(page.fileSha256);
    }
    this.byDocument.delete(documentId);
    this.text.removeDocument(documentId);
  }

  pageAt(ordinal: number): IndexedPage | undefined {
    const page = this.pages[ordinal];
    return page && this.ordinals.has(page.pageId) ? page : undefined;
  }

  page(pageId: string): IndexedPage | undefined {
    const ordinal = this.ordinals.get(pageId);
    return ordinal === undefined ? undefined : this.pages[ordinal];
  }

  /** The registered page whose file is exactly these bytes, if any. */
  exactPage(sha256: string): IndexedPage | undefined {
    const ordinal = this.byFileSha256.get(sha256);
    return ordinal === undefined ? undefined : this.pageAt(ordinal);
  }

  /** Compacts both indexes (after a bulk load). */
  compact(): void {
    this.pdq.rebuild();
    this.text.compact();
  }

  stats(): { documents: number; pages: number; pdqBytes: number; text: TextIndexStats } {
    return {
      documents: this.byDocument.size,
      pages: this.ordinals.size,
      pdqBytes: this.pdq.byteSize(),
      text: this.text.stats(),
    };
  }
}
