// pnpm bench:index [--hashes N] [--sizes 1000,10000,100000] [--queries N] [--linear-queries N] [--write-docs]
// Candidate generation as the registry grows. What one image costs: the PDQ multi-index (one
// hash per registered page, 8 dihedral query hashes) and the text index (~300 features per
// page), one registry grown page by page to each size in turn, the same kind of queries timed
// at each size, with the ratio of the cost at the largest size to the smallest against the
// growth in pages. And the PDQ multi-index against a linear scan of the same 1,000,000 hashes
// (the ≥ 50× target). About 6 minutes on the development machine.
import { parseArgs } from 'node:util';
import { getConfig } from '@leakwatch/config';
import { PdqIndex } from '@leakwatch/matcher';
import { TextIndex, type HashedFeature } from '@leakwatch/text';
import { publishReport } from './report.js';

const { values } = parseArgs({
  options: {
    hashes: { type: 'string', default: '1000000' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    queries: { type: 'string', default: '400' },
    'linear-queries': { type: 'string', default: '40' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const hashCount = Number(values.hashes);
const sizes = values.sizes
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const queryCount = Number(values.queries);
const linearQueries = Number(values['linear-queries']);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** xorshift128+: seeded, so every run measures the same data. */
function generator(seed: number) {
  let s0 = BigInt(seed) | 1n;
  let s1 = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  return () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x = (x ^ (x << 23n)) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (s1 + y) & mask;
  };
}
const next64 = generator(20211);
const nextInt = (below: number) => Number(next64() % BigInt(below));
const randomHash = () =>
  Array.from({ length: 4 }, () => next64().toString(16).padStart(16, '0')).join('');
function flipBits(hex: string, bits: number): string {
  const nibbles = Array.from(hex, (c) => Number.parseInt(c, 16));
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(nextInt(256));
  for (const bit of chosen) nibbles[bit >> 2] = (nibbles[bit >> 2] as number) ^ (1 << (bit & 3));
  return nibbles.map((n) => n.toString(16)).join('');
}
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
const ascending = (list: readonly number[]) => [...list].sort((a, b) => a - b);
const timed = <T>(work: () => T): [T, number] => {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const grouped = (n: number) => n.toLocaleString('en');
const ms = (value: number) => (value >= 100 ? value.toFixed(1) : value.toFixed(2));

// --- What one image costs as the registry grows ---------------------------------------------
// Pages built like registered ones: ~200 shingles and ~20 anchors of their own, plus the
// wording of one of 40 templates (~80 shingles shared by every page on that template); two
// pages per document. Each page has one PDQ hash.
const templates = Array.from({ length: 40 }, () =>
  Array.from({ length: 80 }, (): HashedFeature => ({
    hash: BigInt.asIntN(64, next64()),
    kind: 'shingle',
  })),
);
const ownFeatures = (page: number): HashedFeature[] => {
  // Odd seeds, since the generator sets the low bit (page + 1 gave pages 2k + 1 and 2k + 2 the
  // same features), and far from the main stream's seed.
  const own = generator(2 ** 40 + 2 * page + 1);
  const features: HashedFeature[] = [];
  for (let i = 0; i < 200; i += 1)
    features.push({ hash: BigInt.asIntN(64, own()), kind: 'shingle' });
  for (let i = 0; i < 20; i += 1) features.push({ hash: BigInt.asIntN(64, own()), kind: 'anchor' });
  return features;
};
const templateOf = (page: number) => templates[page % templates.length] ?? [];
const misread = (count: number): HashedFeature[] =>
  Array.from({ length: count }, () => ({ hash: BigInt.asIntN(64, next64()), kind: 'shingle' }));

/**
 * What OCR reads of a registered page, alternately: a photo (60% of the page's features) and a
 * crop of its template part (all 80 template features, 10% of its own); 40 misread features each.
 */
function readPage(page: number, query: number): HashedFeature[] {
  const own = ownFeatures(page);
  const read =
    query % 2 === 0
      ? [...templateOf(page), ...own].filter(() => nextInt(10) < 6)
      : [...templateOf(page), ...own.filter(() => nextInt(10) < 1)];
  return [...read, ...misread(40)];
}

interface SizeResult {
  pages: number;
  buildSeconds: number;
  pdq: number[];
  text: number[];
  image: number[];
  walked: number[];
  queryFeatures: number[];
  rightPageFirst: number;
  plantedFound: number;
  planted: number;
  commonFeatures: number;
  maxDocumentFrequency: number;
  postings: number;
  postingsBytes: number;
  pdqBytes: number;
}

/** Grows one registry through `sizes`, timing the same kind of queries at each size. */
function measureGrowth(): { results: SizeResult[]; seconds: number } {
  const pagePdq: string[] = [];
  const growingPdq = new PdqIndex();
  const growingText = new TextIndex({ boilerplate: new Set() });
  const results: SizeResult[] = [];
  let registered = 0;
  for (const size of sizes) {
    log(`registry: growing to ${grouped(size)} pages`);
    const [, buildMs] = timed(() => {
      for (; registered < size; registered += 1) {
        const hash = randomHash();
        pagePdq.push(hash);
        growingPdq.add(registered, hash);
        growingText.addPage({ pageId: `p${registered}`, documentId: `d${registered >> 1}` }, [
          ...templateOf(registered),
          ...ownFeatures(registered),
        ]);
      }
      growingPdq.rebuild();
      growingText.compact();
    });
    const stats = growingText.stats();
    const result: SizeResult = {
      pages: size,
      buildSeconds: buildMs / 1000,
      pdq: [],
      text: [],
      image: [],
      walked: [],
      queryFeatures: [],
      rightPageFirst: 0,
      plantedFound: 0,
      planted: 0,
      commonFeatures: stats.commonFeatures,
      maxDocumentFrequency: stats.maxDocumentFrequency,
      postings: stats.postings,
      postingsBytes: stats.bytes,
      pdqBytes: growingPdq.byteSize(),
    };
    for (let q = 0; q < queryCount; q += 1) {
      const page = nextInt(size);
      // The image's 8 dihedral hashes; for half the images one is near its page's (0–31 bits).
      const variants = Array.from({ length: 8 }, randomHash);
      const plantsPdq = q % 4 < 2;
      if (plantsPdq) variants[nextInt(8)] = flipBits(pagePdq[page] as string, nextInt(32));
      const features = readPage(page, q);
      const [pdqHits, pdqMs] = timed(() => growingPdq.query(variants, 31));
      const [text, textMs] = timed(() => growingText.query(features, 10));
      result.pdq.push(pdqMs);
      result.text.push(textMs);
      result.image.push(pdqMs + textMs);
      result.walked.push(text.postingsWalked);
      result.queryFeatures.push(text.queryFeatures);
      if (text.candidates[0]?.pageId === `p${page}`) result.rightPageFirst += 1;
      if (plantsPdq) {
        result.planted += 1;
        if (pdqHits.some((hit) => hit.id === page)) result.plantedFound += 1;
      }
    }
    results.push(result);
    log(
      `${grouped(size)} pages: built in ${result.buildSeconds.toFixed(1)} s; per image p50 ${ms(quantile(ascending(result.image), 0.5))} ms`,
    );
  }
  return { results, seconds: results.reduce((sum, r) => sum + r.buildSeconds, 0) };
}

/** The PDQ multi-index against a linear scan of the same `hashCount` hashes. */
function compareWithScan() {
  log(`PDQ: ${grouped(hashCount)} hashes`);
  const scanned: string[] = Array.from({ length: hashCount }, randomHash);
  const memoryBefore = process.memoryUsage();
  const index = new PdqIndex();
  const [, buildMs] = timed(() => {
    for (let id = 0; id < scanned.length; id += 1) index.add(id, scanned[id] as string);
    index.rebuild();
  });
  const memoryAfter = process.memoryUsage();
  log(`built in ${(buildMs / 1000).toFixed(1)} s`);
  // Half the queries hold a planted near-duplicate (0–31 bits away) among their 8 variants.
  const queries = Array.from({ length: queryCount }, (_, q) => {
    const variants = Array.from({ length: 8 }, randomHash);
    let planted: number | undefined;
    if (q % 2 === 0) {
      planted = nextInt(hashCount);
      variants[nextInt(8)] = flipBits(scanned[planted] as string, nextInt(32));
    }
    return { variants, planted };
  });
  const indexTimes: number[] = [];
  let found = 0;
  let planted = 0;
  for (const query of queries) {
    const [hits, elapsed] = timed(() => index.query(query.variants, 31));
    indexTimes.push(elapsed);
    if (query.planted !== undefined) {
      planted += 1;
      if (hits.some((hit) => hit.id === query.planted)) found += 1;
    }
  }
  const linearTimes: number[] = [];
  let agreeing = 0;
  for (const query of queries.slice(0, linearQueries)) {
    const [scan, elapsed] = timed(() => index.linearScan(query.variants, 31));
    linearTimes.push(elapsed);
    const fromIndex = index.query(query.variants, 31);
    if (JSON.stringify(fromIndex) === JSON.stringify(scan)) agreeing += 1;
  }
  indexTimes.sort((a, b) => a - b);
  linearTimes.sort((a, b) => a - b);
  const speedup = quantile(linearTimes, 0.5) / quantile(indexTimes, 0.5);
  log(`PDQ queries done: ${speedup.toFixed(0)}× faster than the scan`);
  return {
    indexTimes,
    linearTimes,
    found,
    planted,
    agreeing,
    buildMs,
    speedup,
    bytesPerHash: index.byteSize() / hashCount,
    arrayBuffersGrownMb: mb(memoryAfter.arrayBuffers - memoryBefore.arrayBuffers),
  };
}

// Each section's data is garbage once it returns, so neither times the other's heap.
const scan = compareWithScan();
const growth = measureGrowth();

// --- Report ------------------------------------------------------------------------------------
const { results } = growth;
const smallest = results[0];
const largest = results[results.length - 1];
const p50 = (list: readonly number[]) => quantile(ascending(list), 0.5);
const p99 = (list: readonly number[]) => quantile(ascending(list), 0.99);
const mean = (list: readonly number[]) => list.reduce((a, b) => a + b, 0) / (list.length || 1);
const ratio = (pick: (r: SizeResult) => number) => {
  if (!smallest || !largest || !(pick(smallest) > 0)) return '—';
  const value = pick(largest) / pick(smallest);
  return `${value.toFixed(value < 1 ? 2 : 1)}×`;
};
const pagesGrowth = smallest && largest ? largest.pages / smallest.pages : 1;

const markdown = [
  `Command: \`pnpm bench:index\`; run ${new Date().toISOString().slice(0, 16)}Z on the development machine (2 cores, shared with other work), ${(performance.now() / 60_000).toFixed(1)} min in all. Seeded data; times are wall-clock on one core.`,
  '',
  `**What one image costs in candidate generation as the registry grows.** One registry grown page by page to ${sizes.map(grouped).join(', then ')} pages; at each size both indexes are compacted and the same kind of ${queryCount} queries is timed. A page: one PDQ hash, and ~300 text features (200 own shingles, 20 anchors, 80 shared with one of 40 templates; two pages per document). An image: 8 PDQ hashes (its dihedral variants; for half the images one is 0–31 bits from its page's hash), and what OCR read of the page — alternately 60% of its features, or a crop of its template part (all 80 template features, 10% of its own) — plus 40 misread features. Per image = PDQ query + text query (feature extraction and OCR, which do not depend on the registry, are not included).`,
  '',
  '| registered pages | PDQ p50 / p99 ms | text p50 / p99 ms | per image p50 / p99 ms | text postings walked per query (mean / max) | right page first (text) | near-duplicate found (PDQ) | text features over the cap |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r) =>
      `| ${grouped(r.pages)} | ${ms(p50(r.pdq))} / ${ms(p99(r.pdq))} | ${ms(p50(r.text))} / ${ms(p99(r.text))} | ${ms(p50(r.image))} / ${ms(p99(r.image))} | ${grouped(Math.round(mean(r.walked)))} / ${grouped(Math.max(...r.walked))} | ${r.rightPageFirst}/${queryCount} | ${r.plantedFound}/${r.planted} | ${grouped(r.commonFeatures)} |`,
  ),
  '',
  `- Pages grew **${pagesGrowth.toFixed(0)}×** (${grouped(smallest?.pages ?? 0)} → ${grouped(largest?.pages ?? 0)}); cost per image at the median grew **${ratio((r) => p50(r.image))}** (PDQ ${ratio((r) => p50(r.pdq))}, text ${ratio((r) => p50(r.text))}; at the 99th percentile ${ratio((r) => p99(r.image))}); text postings walked per query ${ratio((r) => mean(r.walked))}.`,
  `- Query features per image (boilerplate excluded): ${grouped(Math.round(mean(largest?.queryFeatures ?? [])))} on average; a text feature on more than ${largest?.maxDocumentFrequency ?? '—'} documents (the index's default cap) is not walked, only its weight counted.`,
  `- Building to ${grouped(largest?.pages ?? 0)} pages: ${growth.seconds.toFixed(1)} s for both indexes (${results.map((r) => `${r.buildSeconds.toFixed(1)} s to ${grouped(r.pages)}`).join(', ')}). At ${grouped(largest?.pages ?? 0)} pages: ${grouped(largest?.postings ?? 0)} text postings, ${mb(largest?.postingsBytes ?? 0)} MB (12 bytes each); PDQ arrays ${mb(largest?.pdqBytes ?? 0)} MB. Peak resident memory of the whole run: ${mb(process.resourceUsage().maxRSS * 1024)} MB.`,
  '',
  `**PDQ against a linear scan**: ${grouped(hashCount)} random 256-bit hashes; ${queryCount} queries of 8 hashes each (the dihedral variants), half holding a near-duplicate of a registered hash (0–31 bits flipped) in one variant; radius 31.`,
  '',
  '| | p50 ms | p99 ms |',
  '| --- | ---: | ---: |',
  `| multi-index (16 × 16-bit slots) | ${quantile(scan.indexTimes, 0.5).toFixed(2)} | ${quantile(scan.indexTimes, 0.99).toFixed(2)} |`,
  `| linear scan, same hashes (${linearQueries} queries) | ${quantile(scan.linearTimes, 0.5).toFixed(1)} | ${quantile(scan.linearTimes, 0.99).toFixed(1)} |`,
  '',
  `- Speed-up at the median: **${scan.speedup.toFixed(0)}×** (target ≥ 50×).`,
  `- Planted near-duplicates found: ${scan.found}/${scan.planted}; the index's answer equals the scan's on ${scan.agreeing}/${Math.min(linearQueries, queryCount)} queries.`,
  `- Build: ${(scan.buildMs / 1000).toFixed(1)} s. Index arrays: **${scan.bytesPerHash.toFixed(1)} bytes per hash** (target ≤ 100); process array buffers grew by ${scan.arrayBuffersGrownMb} MB.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
await publishReport(getConfig().workspaceRoot, 'index', markdown, values['write-docs']);
