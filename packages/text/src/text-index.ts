import type { FeatureKind, HashedFeature } from './features.js';

export interface TextCandidate {
  pageId: string;
  documentId: string;
  /** Template-aware containment of the query in the page, 0..1. */
  containment: number;
  /** The same, counting only features no other registered document has. */
  discriminativeContainment: number;
  /** Query features found on the page. */
  hits: number;
  /** Hits on features no other registered document has (and not template boilerplate). */
  discriminativeHits: number;
  /** Hits on strong anchors (document numbers, ID and phone numbers, case codes, names); dates do not count. */
  anchorHits: number;
}

export interface TextIndexOptions {
  /** Hashes of template phrases: never evidence. */
  boilerplate: ReadonlySet<bigint>;
  /** How much more an anchor counts than a shingle. */
  anchorWeight?: number;
  /** Features on more pages than this are template-like and skipped outright (speed). */
  maxPostings?: number;
}

export interface TextIndexStats {
  pages: number;
  postings: number;
  /** Approximate bytes held by the postings. */
  bytes: number;
}

/**
 * The inverted index of registered pages' text features, scored by *containment of the query
 * in a page* (how much of what we read in the image is on that page), so crops still score
 * high. Weights follow document frequency: a feature shared by d registered documents counts
 * 1/d² (template text fades as the registry grows), unknown features count fully in the
 * denominator (they are what makes a look-alike different), boilerplate counts nothing.
 *
 * Postings live in a sorted array of hashes with a parallel array of page numbers (12 bytes
 * per posting, binary-searched) plus a small map of recent additions merged in batches;
 * revoked pages are dropped from answers at once and from memory at the next merge.
 */
export class TextIndex {
  private readonly boilerplate: ReadonlySet<bigint>;
  private readonly anchorWeight: number;
  private readonly maxPostings: number;
  private sortedHashes = new BigInt64Array(0);
  private sortedPages = new Int32Array(0);
  private readonly recent = new Map<bigint, number[]>();
  private recentCount = 0;
  private readonly pages: { pageId: string; documentId: string; removed: boolean }[] = [];
  private readonly pagesByDocument = new Map<string, number[]>();

  constructor(options: TextIndexOptions) {
    this.boilerplate = options.boilerplate;
    this.anchorWeight = options.anchorWeight ?? 3;
    this.maxPostings = options.maxPostings ?? 5_000;
  }

  addPage(page: { pageId: string; documentId: string }, features: readonly HashedFeature[]): void {
    const ordinal = this.pages.length;
    this.pages.push({ ...page, removed: false });
    const forDocument = this.pagesByDocument.get(page.documentId) ?? [];
    forDocument.push(ordinal);
    this.pagesByDocument.set(page.documentId, forDocument);
    for (const { hash } of new Map(features.map((f) => [f.hash, f])).values()) {
      const list = this.recent.get(hash);
      if (list) list.push(ordinal);
      else this.recent.set(hash, [ordinal]);
      this.recentCount += 1;
    }
    if (this.recentCount > Math.max(50_000, this.sortedHashes.length / 8)) this.compact();
  }

  removeDocument(documentId: string): void {
    for (const ordinal of this.pagesByDocument.get(documentId) ?? []) {
      const page = this.pages[ordinal];
      if (page) page.removed = true;
    }
    this.pagesByDocument.delete(documentId);
  }

  /** Merges recent additions into the sorted arrays and drops revoked pages' postings. */
  compact(): void {
    const total = this.sortedHashes.length + this.recentCount;
    const hashes = new BigInt64Array(total);
    const owners = new Int32Array(total);
    let n = 0;
    for (let i = 0; i < this.sortedHashes.length; i += 1) {
      const page = this.sortedPages[i] as number;
      if (this.pages[page]?.removed) continue;
      hashes[n] = this.sortedHashes[i] as bigint;
      owners[n] = page;
      n += 1;
    }
    for (const [hash, list] of this.recent) {
      for (const page of list) {
        if (this.pages[page]?.removed) continue;
        hashes[n] = hash;
        owners[n] = page;
        n += 1;
      }
    }
    // Sort the (hash, page) pairs by hash through an index permutation.
    const permutation = new Uint32Array(n);
    for (let i = 0; i < n; i += 1) permutation[i] = i;
    const view = hashes.subarray(0, n);
    permutation.sort((a, b) => {
      const x = view[a] as bigint;
      const y = view[b] as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    this.sortedHashes = new BigInt64Array(n);
    this.sortedPages = new Int32Array(n);
    for (let i = 0; i < n; i += 1) {
      const from = permutation[i] as number;
      this.sortedHashes[i] = hashes[from] as bigint;
      this.sortedPages[i] = owners[from] as number;
    }
    this.recent.clear();
    this.recentCount = 0;
  }

  private postings(hash: bigint): number[] {
    const result: number[] = [];
    let low = 0;
    let high = this.sortedHashes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.sortedHashes[mid] as bigint) < hash) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < this.sortedHashes.length && this.sortedHashes[i] === hash; i += 1) {
      const page = this.sortedPages[i] as number;
      if (!this.pages[page]?.removed) result.push(page);
    }
    for (const page of this.recent.get(hash) ?? [])
      if (!this.pages[page]?.removed) result.push(page);
    return result;
  }

  query(
    features: readonly HashedFeature[],
    limit = 10,
  ): { candidates: TextCandidate[]; queryFeatures: number } {
    const baseWeight = (kind: FeatureKind) => (kind === 'anchor' ? this.anchorWeight : 1);
    const accumulated = new Map<
      number,
      {
        weight: number;
        discriminativeWeight: number;
        hits: number;
        discriminative: number;
        anchors: number;
      }
    >();
    let denominator = 0;
    let counted = 0;
    for (const { hash, kind } of new Map(features.map((f) => [f.hash, f])).values()) {
      if (this.boilerplate.has(hash)) continue;
      const postings = this.postings(hash);
      if (postings.length > this.maxPostings) continue;
      counted += 1;
      const documents = new Set(postings.map((page) => this.pages[page]?.documentId));
      const df = documents.size;
      const weight = baseWeight(kind) / Math.max(1, df * df);
      denominator += weight;
      for (const page of postings) {
        const entry = accumulated.get(page) ?? {
          weight: 0,
          discriminativeWeight: 0,
          hits: 0,
          discriminative: 0,
          anchors: 0,
        };
        entry.weight += weight;
        entry.hits += 1;
        if (df === 1) {
          entry.discriminative += 1;
          entry.discriminativeWeight += weight;
        }
        if (kind === 'anchor') entry.anchors += 1;
        accumulated.set(page, entry);
      }
    }
    const candidates: TextCandidate[] = [];
    for (const [ordinal, entry] of accumulated) {
      const page = this.pages[ordinal];
      if (!page) continue;
      candidates.push({
        pageId: page.pageId,
        documentId: page.documentId,
        containment: denominator > 0 ? entry.weight / denominator : 0,
        discriminativeContainment: denominator > 0 ? entry.discriminativeWeight / denominator : 0,
        hits: entry.hits,
        discriminativeHits: entry.discriminative,
        anchorHits: entry.anchors,
      });
    }
    candidates.sort(
      (a, b) => b.containment - a.containment || b.discriminativeHits - a.discriminativeHits,
    );
    return { candidates: candidates.slice(0, limit), queryFeatures: counted };
  }

  stats(): TextIndexStats {
    const postings = this.sortedHashes.length + this.recentCount;
    return {
      pages: this.pages.filter((p) => !p.removed).length,
      postings,
      bytes: this.sortedHashes.byteLength + this.sortedPages.byteLength + this.recentCount * 48,
    };
  }
}
