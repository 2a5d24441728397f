// pnpm bench:index [--hashes N] [--pages N] [--queries N] [--write-docs]
// Candidate generation as the registry grows: the PDQ multi-index against a linear scan of the
// same hashes (1,000,000 by default, random plus planted near-duplicates, every query with 8
// dihedral variants), and the text index at 100,000 registered pages. Prints build time,
// query p50/p99, bytes per hash, memory, and checks the index finds what the scan finds.
import { parseArgs } from 'node:util';
import { getConfig } from '@leakwatch/config';
import { PdqIndex } from '@leakwatch/matcher';
import { TextIndex, type HashedFeature } from '@leakwatch/text';
import { publishReport } from './report.js';

const { values } = parseArgs({
  options: {
    hashes: { type: 'string', default: '1000000' },
    pages: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '400' },
    'linear-queries': { type: 'string', default: '40' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const hashCount = Number(values.hashes);
const pageCount = Number(values.pages);
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
const timed = <T>(work: () => T): [T, number] => {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

// --- PDQ -----------------------------------------------------------------------------------
log(`PDQ: ${hashCount} hashes`);
const registered: string[] = Array.from({ length: hashCount }, randomHash);
const memoryBefore = process.memoryUsage();
const index = new PdqIndex();
const [, buildMs] = timed(() => {
  for (let id = 0; id < registered.length; id += 1) index.add(id, registered[id] as string);
  index.rebuild();
});
const memoryAfter = process.memoryUsage();
const bytesPerHash = index.byteSize() / hashCount;
log(`built in ${(buildMs / 1000).toFixed(1)} s`);

// Half the queries hold a planted near-duplicate (0–31 bits away) among their 8 variants.
const queries = Array.from({ length: queryCount }, (_, q) => {
  const variants = Array.from({ length: 8 }, randomHash);
  let planted: number | undefined;
  if (q % 2 === 0) {
    planted = nextInt(hashCount);
    variants[nextInt(8)] = flipBits(registered[planted] as string, nextInt(32));
  }
  return { variants, planted };
});
const indexTimes: number[] = [];
let found = 0;
let planted = 0;
for (const query of queries) {
  const [hits, ms] = timed(() => index.query(query.variants, 31));
  indexTimes.push(ms);
  if (query.planted !== undefined) {
    planted += 1;
    if (hits.some((hit) => hit.id === query.planted)) found += 1;
  }
}
const linearTimes: number[] = [];
let agreeing = 0;
for (const query of queries.slice(0, linearQueries)) {
  const [scan, ms] = timed(() => index.linearScan(query.variants, 31));
  linearTimes.push(ms);
  const fromIndex = index.query(query.variants, 31);
  if (JSON.stringify(fromIndex) === JSON.stringify(scan)) agreeing += 1;
}
indexTimes.sort((a, b) => a - b);
linearTimes.sort((a, b) => a - b);
const speedup = quantile(linearTimes, 0.5) / quantile(indexTimes, 0.5);
log(`PDQ queries done: ${speedup.toFixed(0)}× faster than the scan`);

// --- Text ----------------------------------------------------------------------------------
// Pages built like registered ones: ~200 shingles and ~20 anchors of their own, plus the
// wording of one of 40 templates (~80 shingles shared by every page on that template).
log(`text: ${pageCount} pages`);
const templates = Array.from({ length: 40 }, () =>
  Array.from({ length: 80 }, (): HashedFeature => ({
    hash: BigInt.asIntN(64, next64()),
    kind: 'shingle',
  })),
);
const pageFeatures = (page: number): HashedFeature[] => {
  const own = generator(page + 1);
  const features: HashedFeature[] = [...(templates[page % templates.length] ?? [])];
  for (let i = 0; i < 200; i += 1)
    features.push({ hash: BigInt.asIntN(64, own()), kind: 'shingle' });
  for (let i = 0; i < 20; i += 1) features.push({ hash: BigInt.asIntN(64, own()), kind: 'anchor' });
  return features;
};
const textMemoryBefore = process.memoryUsage();
const textIndex = new TextIndex({ boilerplate: new Set() });
const [, textBuildMs] = timed(() => {
  for (let page = 0; page < pageCount; page += 1)
    textIndex.addPage({ pageId: `p${page}`, documentId: `d${page >> 1}` }, pageFeatures(page));
  textIndex.compact();
});
const textMemoryAfter = process.memoryUsage();
const textTimes: number[] = [];
let textTop1 = 0;
for (let q = 0; q < queryCount; q += 1) {
  // A photo read with OCR errors: 60% of the page's features, plus 40 misread ones.
  const page = nextInt(pageCount);
  const read = pageFeatures(page).filter(() => nextInt(10) < 6);
  for (let i = 0; i < 40; i += 1) read.push({ hash: BigInt.asIntN(64, next64()), kind: 'shingle' });
  const [result, ms] = timed(() => textIndex.query(read, 10));
  textTimes.push(ms);
  if (result.candidates[0]?.pageId === `p${page}`) textTop1 += 1;
}
textTimes.sort((a, b) => a - b);
const stats = textIndex.stats();

const markdown = [
  `Command: \`pnpm bench:index\`; run ${new Date().toISOString().slice(0, 16)}Z on the development machine (2 cores, shared). Seeded data; times are wall-clock on one core.`,
  '',
  `**PDQ**: ${hashCount.toLocaleString('en')} random 256-bit hashes; ${queryCount} queries of 8 hashes each (the dihedral variants), half holding a near-duplicate of a registered hash (0–31 bits flipped) in one variant; radius 31.`,
  '',
  '| | p50 ms | p99 ms |',
  '| --- | ---: | ---: |',
  `| multi-index (16 × 16-bit slots) | ${quantile(indexTimes, 0.5).toFixed(2)} | ${quantile(indexTimes, 0.99).toFixed(2)} |`,
  `| linear scan, same hashes (${linearQueries} queries) | ${quantile(linearTimes, 0.5).toFixed(1)} | ${quantile(linearTimes, 0.99).toFixed(1)} |`,
  '',
  `- Speed-up at the median: **${speedup.toFixed(0)}×** (target ≥ 50×).`,
  `- Planted near-duplicates found: ${found}/${planted}; the index's answer equals the scan's on ${agreeing}/${Math.min(linearQueries, queryCount)} queries.`,
  `- Build: ${(buildMs / 1000).toFixed(1)} s. Index arrays: **${bytesPerHash.toFixed(1)} bytes per hash** (target ≤ 100); process array buffers grew by ${mb(memoryAfter.arrayBuffers - memoryBefore.arrayBuffers)} MB.`,
  '',
  `**Text**: ${pageCount.toLocaleString('en')} pages of ~300 features (200 own shingles, 20 anchors, 80 shared with one of 40 templates); ${queryCount} queries reading 60% of a page plus 40 misread features.`,
  '',
  `| | value |`,
  '| --- | ---: |',
  `| query p50 / p99 ms | ${quantile(textTimes, 0.5).toFixed(2)} / ${quantile(textTimes, 0.99).toFixed(2)} |`,
  `| right page first | ${textTop1}/${queryCount} |`,
  `| build s | ${(textBuildMs / 1000).toFixed(1)} |`,
  `| postings | ${stats.postings.toLocaleString('en')} |`,
  `| postings MB (12 bytes each) | ${mb(stats.bytes)} |`,
  `| process heap + buffers grew, MB | ${mb(textMemoryAfter.heapUsed + textMemoryAfter.arrayBuffers - textMemoryBefore.heapUsed - textMemoryBefore.arrayBuffers)} |`,
].join('\n');
process.stdout.write(`${markdown}\n`);
await publishReport(getConfig().workspaceRoot, 'index', markdown, values['write-docs']);
