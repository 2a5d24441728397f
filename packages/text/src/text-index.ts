import type { FeatureKind, HashedFeature } from './features.js';

export interface TextCandidate {
  pageId: string;
  documentId: string;
  /** Template-aware containment of the query in the page, 0..1. */
  containment: number;
  /** The same, counting only features no other registered document has. */
  discriminativeContainment: number;
  /** Query features found on the page (features common to the registry are not looked up). */
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
  /**
   * Features on more registered documents than this are the registry's own boilerplate
   * (template wording, a signer's name): queries never walk their postings. An absolute number,
   * not a share of the registry, so the work per query stays bounded as the registry grows.
   */
  maxDocumentFrequency?: number;
}

export interface TextIndexStats {
  pages: number;
  postings: number;
  /** Approximate bytes held by the postings. */
  bytes: number;
  /** Features found on more than `maxDocumentFrequency` documents at the last compaction. */
  commonFeatures: number;
  /** The cap in force (`TextIndexOptions.maxDocumentFrequency`). */
  maxDocumentFrequency: number;
}

export interface TextQueryResult {
  candidates: TextCandidate[];
  /** Query features that count in the scores (boilerplate excluded). */
  queryFeatures: number;
  /** Postings read to answer: bounded by the query's size, not the registry's. */
  postingsWalked: number;
}

/**
 * A 64-bit hash as two int32 halves that compare, high then low, as the bigints do: the low
 * half has its top bit flipped, so signed order is its unsigned order. Unlike reading a
 * BigInt64Array, reading int32 halves allocates nothing, and a merge reads millions.
 */
function halves(hash: bigint): [number, number] {
  return [Number(BigInt.asIntN(32, hash >> 32n)), Number(BigInt.asIntN(32, hash)) ^ lowBias];
}

function joinHalves(high: number, low: number): bigint {
  return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt((low ^ lowBias) >>> 0));
}

const lowBias = -0x80000000;

function compareHalves(highA: number, lowA: number, highB: number, lowB: number): number {
  if (highA !== highB) return highA < highB ? -1 : 1;
  return lowA === lowB ? 0 : lowA < lowB ? -1 : 1;
}

/** Postings as parallel arrays: hash halves and page ordinals. */
interface PostingArrays {
  high: Int32Array;
  low: Int32Array;
  pages: Int32Array;
}

/** Sorts postings by hash; ties keep their order, so answers do not depend on when compaction ran. */
function sortPostings(postings: PostingArrays): PostingArrays {
  const { high, low } = postings;
  const order = new Int32Array(high.length);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  order.sort(
    (a, b) =>
      compareHalves(high[a] as number, low[a] as number, high[b] as number, low[b] as number) ||
      a - b,
  );
  const sorted: PostingArrays = {
    high: new Int32Array(order.length),
    low: new Int32Array(order.length),
    pages: new Int32Array(order.length),
  };
  for (let i = 0; i < order.length; i += 1) {
    const from = order[i] as number;
    sorted.high[i] = high[from] as number;
    sorted.low[i] = low[from] as number;
    sorted.pages[i] = postings.pages[from] as number;
  }
  return sorted;
}

/** Merges two sorted posting lists (on equal hashes, `first`'s come first), leaving out revoked pages. */
function mergePostings(
  first: PostingArrays,
  second: PostingArrays,
  revoked: Uint8Array | undefined,
): PostingArrays {
  const total = first.pages.length + second.pages.length;
  const merged: PostingArrays = {
    high: new Int32Array(total),
    low: new Int32Array(total),
    pages: new Int32Array(total),
  };
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < first.pages.length || j < second.pages.length) {
    const fromFirst =
      j >= second.pages.length ||
      (i < first.pages.length &&
        compareHalves(
          first.high[i] as number,
          first.low[i] as number,
          second.high[j] as number,
          second.low[j] as number,
        ) <= 0);
    const source = fromFirst ? first : second;
    const at = fromFirst ? i : j;
    if (fromFirst) i += 1;
    else j += 1;
    const page = source.pages[at] as number;
    if (revoked?.[page] === 1) continue;
    merged.high[n] = source.high[at] as number;
    merged.low[n] = source.low[at] as number;
    merged.pages[n] = page;
    n += 1;
  }
  if (n === total) return merged;
  return {
    high: merged.high.slice(0, n),
    low: merged.low.slice(0, n),
    pages: merged.pages.slice(0, n),
  };
}

interface IndexedPage {
  pageId: string;
  documentId: string;
  removed: boolean;
}

interface Accumulator {
  weight: number;
  discriminativeWeight: number;
  hits: number;
  discriminative: number;
  anchors: number;
}

/**
 * The inverted index of registered pages' text features, scored by *containment of the query
 * in a page* (how much of what we read in the image is on that page), so crops still score
 * high. Weights follow document frequency: a feature shared by d registered documents counts
 * 1/d² (template text fades as the registry grows), unknown features count fully in the
 * denominator (they are what makes a look-alike different), boilerplate counts nothing.
 *
 * Features on more than `maxDocumentFrequency` documents (64 by default) weigh under 1/1,400
 * even as anchors, yet walking their postings — thousands of pages for a template's wording in
 * a large registry — would cost more than the rest of the query. Compaction records their
 * document frequency; a query adds their weight to the denominator without reading their
 * postings, so discriminative containment and hits are exactly what walking them would give,
 * and containment is lower only by their share. Revocations reach that record at the next
 * compaction.
 *
 * Postings live in sorted arrays of hashes (two 32-bit halves) with a parallel array of page
 * numbers (12 bytes per posting, binary-searched) plus a small map of recent additions merged
 * in batches; revoked pages are dropped from answers at once and from memory at the next merge.
 */
export class TextIndex {
  private readonly boilerplate: ReadonlySet<bigint>;
  private readonly anchorWeight: number;
  private readonly maxDocumentFrequency: number;
  /** Posting hashes, sorted, as `halves`. */
  private sortedHigh: Int32Array = new Int32Array(0);
  private sortedLow: Int32Array = new Int32Array(0);
  private sortedPages: Int32Array = new Int32Array(0);
  private readonly recent = new Map<bigint, number[]>();
  private recentCount = 0;
  /** Document frequency of the features over the cap, as of the last compaction. */
  private readonly common = new Map<bigint, number>();
  private readonly pages: IndexedPage[] = [];
  private readonly pagesByDocument = new Map<string, number[]>();
  private readonly documentNumbers = new Map<string, number>();
  private revokedSinceCompaction = false;
  /** Each page's document number, packed (compaction reads millions of them). */
  private pageDocuments = new Int32Array(1024);
  private documentSeen = new Int32Array(0);
  private documentStamp = 0;

  constructor(options: TextIndexOptions) {
    this.boilerplate = options.boilerplate;
    this.anchorWeight = options.anchorWeight ?? 3;
    this.maxDocumentFrequency = options.maxDocumentFrequency ?? 64;
  }

  addPage(page: { pageId: string; documentId: string }, features: readonly HashedFeature[]): void {
    const ordinal = this.pages.length;
    let document = this.documentNumbers.get(page.documentId);
    if (document === undefined) {
      document = this.documentNumbers.size;
      this.documentNumbers.set(page.documentId, document);
    }
    this.pages.push({ ...page, removed: false });
    if (ordinal === this.pageDocuments.length) {
      const grown = new Int32Array(ordinal * 2);
      grown.set(this.pageDocuments);
      this.pageDocuments = grown;
    }
    this.pageDocuments[ordinal] = document;
    const forDocument = this.pagesByDocument.get(page.documentId) ?? [];
    forDocument.push(ordinal);
    this.pagesByDocument.set(page.documentId, forDocument);
    const seen = new Set<bigint>();
    for (const { hash } of features) {
      if (seen.has(hash)) continue;
      seen.add(hash);
      const list = this.recent.get(hash);
      if (list) list.push(ordinal);
      else this.recent.set(hash, [ordinal]);
      this.recentCount += 1;
    }
    if (this.recentCount > Math.max(50_000, this.sortedPages.length / 8)) this.compact();
  }

  removeDocument(documentId: string): void {
    for (const ordinal of this.pagesByDocument.get(documentId) ?? []) {
      const page = this.pages[ordinal];
      if (page) page.removed = true;
      this.revokedSinceCompaction = true;
    }
    this.pagesByDocument.delete(documentId);
  }

  /**
   * Merges recent additions into the sorted arrays, drops revoked pages' postings and recounts
   * which features are common. Only the recent additions are sorted; the merge is linear, so
   * loading a registry page by page costs about as much as sorting it once.
   */
  compact(): void {
    const recent: PostingArrays = {
      high: new Int32Array(this.recentCount),
      low: new Int32Array(this.recentCount),
      pages: new Int32Array(this.recentCount),
    };
    let k = 0;
    for (const [hash, list] of this.recent) {
      const [high, low] = halves(hash);
      for (const page of list) {
        recent.high[k] = high;
        recent.low[k] = low;
        recent.pages[k] = page;
        k += 1;
      }
    }
    let revoked: Uint8Array | undefined;
    if (this.revokedSinceCompaction) {
      revoked = new Uint8Array(this.pages.length);
      for (const [ordinal, page] of this.pages.entries()) if (page.removed) revoked[ordinal] = 1;
    }
    const merged = mergePostings(
      { high: this.sortedHigh, low: this.sortedLow, pages: this.sortedPages },
      sortPostings(recent),
      revoked,
    );
    this.sortedHigh = merged.high;
    this.sortedLow = merged.low;
    this.sortedPages = merged.pages;
    this.recent.clear();
    this.recentCount = 0;
    this.revokedSinceCompaction = false;
    this.countCommonFeatures();
  }

  private countCommonFeatures(): void {
    this.common.clear();
    const { sortedHigh: high, sortedLow: low } = this;
    let start = 0;
    while (start < high.length) {
      let end = start + 1;
      while (end < high.length && high[end] === high[start] && low[end] === low[start]) end += 1;
      // A document has at least one page, so fewer postings than the cap cannot be over it.
      if (end - start > this.maxDocumentFrequency) {
        const documents = this.documentFrequency(this.sortedPages, start, end);
        if (documents > this.maxDocumentFrequency)
          this.common.set(joinHalves(high[start] as number, low[start] as number), documents);
      }
      start = end;
    }
  }

  /** Distinct documents among `pages[start..end)` (a stamp per document, not a set per call). */
  private documentFrequency(pages: ArrayLike<number>, start: number, end: number): number {
    if (end - start <= 1) return end - start;
    if (this.documentSeen.length < this.documentNumbers.size)
      this.documentSeen = new Int32Array(this.documentNumbers.size * 2);
    if (this.documentStamp === 0x7fffffff) {
      this.documentSeen.fill(0);
      this.documentStamp = 0;
    }
    const stamp = (this.documentStamp += 1);
    const seen = this.documentSeen;
    let documents = 0;
    for (let i = start; i < end; i += 1) {
      const document = this.pageDocuments[pages[i] as number] as number;
      if (seen[document] === stamp) continue;
      seen[document] = stamp;
      documents += 1;
    }
    return documents;
  }

  /** Live pages holding `hash`, and how many postings were read to find them. */
  private postings(hash: bigint): { pages: number[]; walked: number } {
    const [high, low] = halves(hash);
    const pages: number[] = [];
    let first = 0;
    let last = this.sortedPages.length;
    while (first < last) {
      const mid = (first + last) >>> 1;
      const order = compareHalves(
        this.sortedHigh[mid] as number,
        this.sortedLow[mid] as number,
        high,
        low,
      );
      if (order < 0) first = mid + 1;
      else last = mid;
    }
    let walked = 0;
    for (
      let i = first;
      i < this.sortedPages.length && this.sortedHigh[i] === high && this.sortedLow[i] === low;
      i += 1
    ) {
      walked += 1;
      const page = this.sortedPages[i] as number;
      if (!this.pages[page]?.removed) pages.push(page);
    }
    const recent = this.recent.get(hash) ?? [];
    walked += recent.length;
    for (const page of recent) if (!this.pages[page]?.removed) pages.push(page);
    return { pages, walked };
  }

  query(features: readonly HashedFeature[], limit = 10): TextQueryResult {
    const baseWeight = (kind: FeatureKind) => (kind === 'anchor' ? this.anchorWeight : 1);
    const accumulated = new Map<number, Accumulator>();
    let denominator = 0;
    let counted = 0;
    let postingsWalked = 0;
    for (const { hash, kind } of new Map(features.map((f) => [f.hash, f])).values()) {
      if (this.boilerplate.has(hash)) continue;
      counted += 1;
      const commonFrequency = this.common.get(hash);
      if (commonFrequency !== undefined) {
        denominator += baseWeight(kind) / (commonFrequency * commonFrequency);
        continue;
      }
      const { pages, walked } = this.postings(hash);
      postingsWalked += walked;
      const df = this.documentFrequency(pages, 0, pages.length);
      const weight = baseWeight(kind) / Math.max(1, df * df);
      denominator += weight;
      // Common since the last compaction: treated as the compacted ones are.
      if (df > this.maxDocumentFrequency) continue;
      for (const page of pages) {
        let entry = accumulated.get(page);
        if (!entry) {
          entry = { weight: 0, discriminativeWeight: 0, hits: 0, discriminative: 0, anchors: 0 };
          accumulated.set(page, entry);
        }
        entry.weight += weight;
        entry.hits += 1;
        if (df === 1) {
          entry.discriminative += 1;
          entry.discriminativeWeight += weight;
        }
        if (kind === 'anchor') entry.anchors += 1;
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
    return { candidates: candidates.slice(0, limit), queryFeatures: counted, postingsWalked };
  }

  stats(): TextIndexStats {
    const postings = this.sortedPages.length + this.recentCount;
    return {
      pages: this.pages.filter((p) => !p.removed).length,
      postings,
      bytes:
        this.sortedHigh.byteLength +
        this.sortedLow.byteLength +
        this.sortedPages.byteLength +
        this.recentCount * 48,
      commonFeatures: this.common.size,
      maxDocumentFrequency: this.maxDocumentFrequency,
    };
  }
}
