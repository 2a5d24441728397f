/**
 * `pnpm bench:hash`: how long fingerprinting takes against sharp's own decode + downscale of
 * the same JPEG, in the same process; blockhash through blockhash-core against imghash; peak
 * memory. Prints figures, asserts nothing: docs/benchmarks.md records a run.
 *
 * Inputs are generated with a seeded generator, so every run measures the same bytes: a phone
 * photo of a printed page (text lines, a table, a red stamp, uneven light, sensor noise) and a
 * photo-like scene, each at 1 MP and 12 MP, JPEG quality 85.
 */
import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import {
  computeBlockhash,
  computeDhash,
  computePdqDihedral,
  computePhash,
  configureSharpForWorkers,
  decodeImage,
  fingerprintImage,
  matchingHashSide,
  perceptualHashInputSide,
  reduceImage,
  type RgbImage,
} from '../src/index.js';
import { toRgba } from '../src/blockhash.js';

const write = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** A photographed A4 page on a desk: the kind of image LeakWatch has to recognise. */
function documentPhoto(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * 3);
  const ink = new Uint8Array(width * height);
  const pageW = Math.round(Math.min(width * 0.8, height * 0.9 * (210 / 297)));
  const pageH = Math.round(pageW * (297 / 210));
  const left = Math.round((width - pageW) / 2);
  const top = Math.round((height - pageH) / 2);
  const unit = pageW / 100;
  const fill = (x0: number, y0: number, w: number, h: number, value: number) => {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(height, Math.round(y0 + h)); y++) {
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(width, Math.round(x0 + w)); x++) {
        ink[y * width + x] = value;
      }
    }
  };
  // Header, title, body text lines of words, a table, a signature block.
  let y = top + 8 * unit;
  for (let line = 0; line < 3; line++, y += 2.4 * unit)
    fill(left + 10 * unit, y, 30 * unit, 1.2 * unit, 1);
  y += 3 * unit;
  fill(left + 25 * unit, y, 50 * unit, 2 * unit, 1);
  y += 5 * unit;
  while (y < top + pageH * 0.55) {
    let x = left + 10 * unit;
    const end = left + pageW - 10 * unit - (random() < 0.2 ? random() * 30 * unit : 0);
    while (x < end) {
      const word = (2 + random() * 8) * unit;
      fill(x, y, Math.min(word, end - x), 1.1 * unit, 1);
      x += word + 1.2 * unit;
    }
    y += 2.2 * unit;
  }
  const tableTop = y + 2 * unit;
  for (let row = 0; row <= 8; row++)
    fill(left + 10 * unit, tableTop + row * 3 * unit, 80 * unit, 0.2 * unit, 1);
  for (let col = 0; col <= 5; col++)
    fill(left + (10 + col * 16) * unit, tableTop, 0.2 * unit, 24 * unit, 1);
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 5; col++) {
      fill(
        left + (12 + col * 16) * unit,
        tableTop + (row * 3 + 1) * unit,
        (3 + random() * 9) * unit,
        unit,
        1,
      );
    }
  }
  const stampX = left + 70 * unit;
  const stampY = tableTop + 34 * unit;
  const radius = 9 * unit;
  for (let py = Math.round(stampY - radius); py < stampY + radius; py++) {
    for (let px = Math.round(stampX - radius); px < stampX + radius; px++) {
      const d = Math.hypot(px - stampX, py - stampY);
      if (d < radius && (d > radius * 0.85 || (d < radius * 0.6 && random() < 0.35))) {
        ink[py * width + px] = 2;
      }
    }
  }

  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const o = (py * width + px) * 3;
      // Light falls off towards one corner; the sensor adds noise.
      const light = 0.75 + 0.25 * (1 - (px / width + py / height) / 2);
      const noise = (random() + random() + random() - 1.5) * 10;
      const onPage = px >= left && px < left + pageW && py >= top && py < top + pageH;
      let [r, g, b] = onPage ? [246, 243, 232] : [92 + 20 * Math.sin(py / 37), 70, 52];
      const mark = ink[py * width + px];
      if (mark === 1) [r, g, b] = [38, 38, 48];
      if (mark === 2) [r, g, b] = [196, 36, 40];
      data[o] = clamp(r * light + noise);
      data[o + 1] = clamp(g * light + noise);
      data[o + 2] = clamp(b * light + noise);
    }
  }
  return { data, width, height, channels: 3 };
}

/** Sky, hills and a few objects: broad gradients with detail and noise. */
function scenePhoto(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * 3);
  const discs = Array.from({ length: 12 }, () => ({
    x: random() * width,
    y: height * (0.5 + random() * 0.5),
    r: (0.02 + random() * 0.08) * width,
    c: [random() * 255, random() * 255, random() * 255],
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const horizon = height * (0.45 + 0.08 * Math.sin((x / width) * 7));
      let colour =
        y < horizon
          ? [110 + (80 * y) / horizon, 160 + (60 * y) / horizon, 235]
          : [60 + 40 * Math.sin(x / 53), 120 + 30 * Math.cos(y / 41), 50];
      for (const disc of discs) {
        if (Math.hypot(x - disc.x, y - disc.y) < disc.r) colour = disc.c;
      }
      const noise = (random() - 0.5) * 14;
      data[o] = clamp((colour[0] ?? 0) + noise);
      data[o + 1] = clamp((colour[1] ?? 0) + noise);
      data[o + 2] = clamp((colour[2] ?? 0) + noise);
    }
  }
  return { data, width, height, channels: 3 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function timed(action: () => unknown): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const row = (cells: string[], widths: number[]): string =>
  cells.map((cell, i) => cell.padEnd(widths[i] ?? 10)).join('  ');

interface Subject {
  name: string;
  jpeg: Buffer;
  width: number;
  height: number;
}

/**
 * The resident-set high-water mark of this process. /proc's VmHWM belongs to the process's own
 * address space; getrusage's maxRSS is not usable in a child, because Linux carries it over
 * fork and exec from the parent (here, the parent holding every generated image).
 */
async function peakRssBytes(): Promise<number> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

type ChildTask = 'fingerprint' | 'baseline' | 'import-imghash' | 'import-blockhash-core';
interface ChildReport {
  before: number;
  peak: number;
  elapsedMs: number;
}

/** Runs one task in a fresh process, so its memory and start-up costs are its own. */
async function inChild(task: ChildTask, file = ''): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', task, file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message) => {
      resolve(message as ChildReport);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`child ${task} exited with ${code}`));
    });
  });
}

async function child(task: string, file: string): Promise<void> {
  configureSharpForWorkers();
  const bytes = file ? await readFile(file) : Buffer.alloc(0);
  const before = process.memoryUsage().rss;
  const started = performance.now();
  if (task === 'import-imghash') await import('imghash');
  else if (task === 'import-blockhash-core') await import('blockhash-core');
  else {
    for (let i = 0; i < 3; i++) {
      if (task === 'fingerprint') await fingerprintImage(bytes);
      else await sharp(bytes).resize(64, 64).raw().toBuffer();
    }
  }
  const elapsedMs = performance.now() - started;
  process.send?.({ before, peak: await peakRssBytes(), elapsedMs } satisfies ChildReport);
}

/**
 * What sharp's decode costs by the long side asked for. sharp reads a JPEG at 1/2, 1/4 or 1/8
 * scale only when the reduction leaves more than that factor's integer part (pipeline.cc,
 * "known libjpeg rounding errors"): 1224 px to 512 (2.39x) decodes at full size, 4032 px to
 * 512 (7.9x) at a quarter. This table shows what a smaller matching side would save.
 */
async function decodeCostBySide(subjects: Subject[]): Promise<void> {
  const sides = [matchingHashSide, 448, 408, 256];
  write();
  write('## Decode cost by the long side asked for (median ms, ratio to the baseline)');
  write(
    `sharp(jpeg).resize({ width: side, height: side, fit: 'inside' }).raw(), interleaved with the baseline; the hashes are computed from the ${matchingHashSide} px decode.`,
  );
  const dw = [16, 12, ...sides.map(() => 16)];
  write(row(['image', 'baseline', ...sides.map((side) => `<= ${side} px`)], dw));
  for (const subject of subjects) {
    const rounds = subject.width > 2000 ? 9 : 21;
    const times: Record<string, number[]> = {};
    for (let round = -2; round < rounds; round++) {
      const runs: [string, () => Promise<unknown>][] = [
        ['baseline', () => sharp(subject.jpeg).resize(64, 64).raw().toBuffer()],
        ...sides.map(
          (side) =>
            [
              String(side),
              () =>
                sharp(subject.jpeg)
                  .resize({ width: side, height: side, fit: 'inside' })
                  .raw()
                  .toBuffer(),
            ] as [string, () => Promise<unknown>],
        ),
      ];
      if (round % 2 === 0) runs.reverse();
      for (const [key, run] of runs) {
        const t = await timed(run);
        if (round >= 0) (times[key] ??= []).push(t);
      }
    }
    const base = median(times['baseline'] ?? []);
    write(
      row(
        [
          subject.name,
          ms(base),
          ...sides.map((side) => {
            const t = median(times[String(side)] ?? []);
            return `${ms(t)} (${(t / base).toFixed(2)}x)`;
          }),
        ],
        dw,
      ),
    );
  }
}

async function main(): Promise<void> {
  // As in a worker: one libvips thread per image and no operation cache. Without this the
  // baseline, repeated on the same buffer, could be answered from libvips' cache.
  configureSharpForWorkers();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  write(`# pnpm bench:hash`);
  write(
    `node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), ${cpus().length} x ${cpu}, load average ${loadavg()[0]?.toFixed(2)} at start`,
  );

  const subjects: Subject[] = [];
  for (const [label, make] of [
    ['document', documentPhoto],
    ['scene', scenePhoto],
  ] as const) {
    for (const [size, width, height] of [
      ['1 MP', 1224, 816],
      ['12 MP', 4032, 3024],
    ] as const) {
      const image = make(width, height, 20260723);
      const jpeg = await sharp(image.data, { raw: { width, height, channels: 3 } })
        .jpeg({ quality: 85 })
        .toBuffer();
      subjects.push({ name: `${size} ${label}`, jpeg, width, height });
    }
  }

  write();
  write('## Time per image (ms): median of interleaved runs, and the best run');
  write(
    `baseline = sharp(jpeg).resize(64, 64).raw() (shrink-on-load); full decode = sharp(jpeg).raw(); fingerprint = fingerprintImage(jpeg) in matching mode: decode to ≤ ${matchingHashSide} px (at the JPEG scale sharp picks, see below), SHA-256, PDQ + 8 dihedral, pHash, dHash, blockhash. The parts are timed separately (fingerprintImage overlaps the reduction and SHA-256 with PDQ).`,
  );
  const widths = [16, 8, 8, 10, 12, 12, 11, 13, 8, 8, 10, 8];
  const header = [
    'image',
    'jpeg KB',
    'stat',
    'baseline',
    'full decode',
    'fingerprint',
    'ratio/base',
    'ratio/decode',
    'decode',
    'PDQ',
    'p/d/block',
    'sha256',
  ];
  const results: string[][] = [];
  for (const subject of subjects) {
    const rounds = subject.width > 2000 ? 9 : 21;
    const times: Record<string, number[]> = {};
    const record = (key: string, value: number) => (times[key] ??= []).push(value);
    for (let round = -2; round < rounds; round++) {
      const baseline = await timed(() => sharp(subject.jpeg).resize(64, 64).raw().toBuffer());
      const decode = await timed(() => sharp(subject.jpeg).raw().toBuffer());
      const fingerprint = await timed(() => fingerprintImage(subject.jpeg));
      let pixels: RgbImage | undefined;
      const ours = await timed(
        async () =>
          (pixels = await decodeImage(subject.jpeg, {
            mode: 'matching',
            maxSide: matchingHashSide,
          })),
      );
      const decoded =
        pixels ??
        (await decodeImage(subject.jpeg, { mode: 'matching', maxSide: matchingHashSide }));
      const pdq = await timed(() => computePdqDihedral(decoded));
      const perceptual = await timed(async () => {
        const small = await reduceImage(decoded, perceptualHashInputSide, perceptualHashInputSide);
        computePhash(small);
        computeDhash(small);
        computeBlockhash(small);
      });
      const sha = await timed(() => crypto.subtle.digest('SHA-256', subject.jpeg));
      if (round < 0) continue; // warm-up
      record('baseline', baseline);
      record('decode', decode);
      record('fingerprint', fingerprint);
      record('ours', ours);
      record('pdq', pdq);
      record('perceptual', perceptual);
      record('sha', sha);
    }
    for (const [stat, pick] of [
      ['median', median],
      ['best', (values: number[]) => Math.min(...values)],
    ] as const) {
      const m = (key: string) => pick(times[key] ?? []);
      results.push([
        subject.name,
        String(Math.round(subject.jpeg.length / 1024)),
        stat,
        ms(m('baseline')),
        ms(m('decode')),
        ms(m('fingerprint')),
        `${(m('fingerprint') / m('baseline')).toFixed(2)}x`,
        `${(m('fingerprint') / m('decode')).toFixed(2)}x`,
        ms(m('ours')),
        ms(m('pdq')),
        ms(m('perceptual')),
        ms(m('sha')),
      ]);
    }
  }
  write(row(header, widths));
  for (const cells of results) write(row(cells, widths));

  await decodeCostBySide(subjects);

  write();
  write('## Blockhash (16x16 = 256 bits) on the same decoded pixels (median ms)');
  write(
    'imghash.hashRaw calls blockhash-core; imghash.hash(jpeg) decodes the file again with its own decoders (the path fingerprinting avoids).',
  );
  const { bmvbhash } = await import('blockhash-core');
  const { default: imghash } = await import('imghash');
  const bw = [16, 10, 16, 16, 16, 16, 18, 8];
  write(
    row(
      [
        'image',
        'input',
        'blockhash-core',
        'imghash.hashRaw',
        'core, full size',
        'hashRaw, full',
        'imghash.hash(jpeg)',
        'agree',
      ],
      bw,
    ),
  );
  for (const subject of subjects) {
    const decoded = await decodeImage(subject.jpeg, { mode: 'matching' });
    const small = await reduceImage(decoded, perceptualHashInputSide, perceptualHashInputSide);
    const smallData = { width: small.width, height: small.height, data: toRgba(small) };
    const fullData = { width: decoded.width, height: decoded.height, data: toRgba(decoded) };
    const hashes = { small: new Set<string>(), full: new Set<string>() };
    const times: Record<string, number[]> = {};
    const rounds = subject.width > 2000 ? 5 : 15;
    for (let round = -2; round < rounds; round++) {
      const runs: [string, () => unknown][] = [
        ['core', () => hashes.small.add(bmvbhash(smallData, 16))],
        ['raw', () => hashes.small.add(imghash.hashRaw(smallData, 16))],
        ['coreFull', () => hashes.full.add(bmvbhash(fullData, 16))],
        ['rawFull', () => hashes.full.add(imghash.hashRaw(fullData, 16))],
        ['file', () => imghash.hash(subject.jpeg, 16)],
      ];
      // Alternate the order, so neither side always runs first (JIT, GC).
      if (round % 2 === 0) runs.reverse();
      for (const [key, run] of runs) {
        const t = await timed(run);
        if (round >= 0) (times[key] ??= []).push(t);
      }
    }
    const m = (key: string) => ms(median(times[key] ?? []));
    write(
      row(
        [
          subject.name,
          `${small.width}x${small.height}`,
          m('core'),
          m('raw'),
          m('coreFull'),
          m('rawFull'),
          m('file'),
          hashes.small.size === 1 && hashes.full.size === 1 ? 'yes' : 'NO',
        ],
        bw,
      ),
    );
  }
  const importCore = await inChild('import-blockhash-core');
  const importImghash = await inChild('import-imghash');
  write(
    `import in a fresh process: blockhash-core ${ms(importCore.elapsedMs)} ms, imghash ${ms(importImghash.elapsedMs)} ms (+${((importImghash.peak - importImghash.before) / 1024 / 1024).toFixed(0)} MB RSS)`,
  );

  write();
  write('## Peak resident memory of a fresh process handling one image 3 times (MB)');
  const rw = [16, 16, 22, 22];
  write(row(['image', 'after loading', 'fingerprint peak', 'baseline peak'], rw));
  const dir = await mkdtemp(path.join(tmpdir(), 'lw-bench-'));
  try {
    for (const subject of subjects) {
      const file = path.join(dir, `${subject.name.replace(/\W+/g, '-')}.jpg`);
      await writeFile(file, subject.jpeg);
      const ours = await inChild('fingerprint', file);
      const base = await inChild('baseline', file);
      const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
      write(row([subject.name, mb(ours.before), mb(ours.peak), mb(base.peak)], rw));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  write();
  write(`load average ${loadavg()[0]?.toFixed(2)} at the end`);
}

if (process.argv[2] === '--child') await child(process.argv[3] ?? '', process.argv[4] ?? '');
else await main();
