// pnpm bench:geometry [--photos N] [--write-docs]
// Page geometry on 12 MP phone photos, as the matcher runs it: find the page outline, rectify
// it, flatten the light, and detect keypoints — each stage timed separately — against sharp's
// decode of the same JPEG to grey pixels in the same run (the baseline every image pays).
// Photos: the matching corpus's phone-photo variants, upscaled to 4032×3024 (a 12 MP camera).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { getConfig } from '@leakwatch/config';
import { buildCorpus } from '@leakwatch/corpus';
import {
  detectKeypoints,
  findPageQuad,
  flattenIllumination,
  loadOpenCv,
  rectifyPage,
  type GreyImage,
} from '@leakwatch/vision';
import { publishReport } from './report.js';

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '12' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const config = getConfig();
sharp.concurrency(1);
sharp.cache(false);
const corpus = await buildCorpus({
  dir: path.join(config.dataDir, 'corpus'),
  profile: 'default',
  seed: 'leakwatch-2021',
  chromiumPath: config.browser.executablePath,
});
const photos = corpus.manifest.queries
  .filter((query) => query.variant === 'phone-photo')
  .slice(0, Number(values.photos));
const cv = await loadOpenCv();

async function twelveMegapixels(file: string): Promise<Buffer> {
  return sharp(await readFile(path.join(corpus.dir, file)))
    .resize(4032, 3024, { fit: 'fill' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function decodeGrey(jpeg: Buffer, maxSide: number): Promise<GreyImage> {
  const { data, info } = await sharp(jpeg)
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

const stages = [
  'decode (baseline)',
  'find page',
  'rectify',
  'flatten light',
  'keypoints',
  'geometry total',
] as const;
const timings = new Map<string, number[]>(stages.map((stage) => [stage, []]));
const time = <T>(stage: (typeof stages)[number], run: () => T): T => {
  const started = performance.now();
  const result = run();
  timings.get(stage)?.push(performance.now() - started);
  return result;
};
let found = 0;
for (const [index, photo] of photos.entries()) {
  const jpeg = await twelveMegapixels(photo.file);
  // The matcher reads photos at ≤ 2400 px on the long side (docs/matching.md).
  const started = performance.now();
  const grey = await decodeGrey(jpeg, 2400);
  timings.get('decode (baseline)')?.push(performance.now() - started);
  const geometryStarted = performance.now();
  const quad = time('find page', () => findPageQuad(cv, grey));
  if (quad) found += 1;
  const page = time('rectify', () => (quad ? rectifyPage(cv, grey, quad) : grey));
  const flat = time('flatten light', () => flattenIllumination(cv, page));
  time('keypoints', () => detectKeypoints(cv, flat));
  timings.get('geometry total')?.push(performance.now() - geometryStarted);
  process.stderr.write(`photo ${index + 1}/${photos.length}\n`);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const baseline = percentile(timings.get('decode (baseline)') ?? [], 50);
const rows = stages.map((stage) => {
  const values = timings.get(stage) ?? [];
  const median = percentile(values, 50);
  return `| ${stage} | ${median.toFixed(0)} | ${percentile(values, 95).toFixed(0)} | ${(median / baseline).toFixed(2)}× |`;
});
const markdown = [
  `Command: \`pnpm bench:geometry --photos ${photos.length}\`; run ${new Date().toISOString().slice(0, 16)}Z. ${photos.length} phone photos from the matching corpus, upscaled to 4032×3024 JPEG; read at ≤ 2400 px as the matcher does. Page outline found in ${found} of ${photos.length}. Peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`,
  '',
  '| stage | median ms | p95 ms | ratio to decode |',
  '| --- | ---: | ---: | ---: |',
  ...rows,
].join('\n');
process.stdout.write(`${markdown}\n`);
await publishReport(config.workspaceRoot, 'geometry', markdown, values['write-docs']);
