// pnpm bench:e2e [--photos <n>] [--leaks <n>] [--latency-posts <n>] [--concurrency <n>] [--rounds <n>] [--write-docs]
// The whole pipeline on the Facebook simulator, in a database of its own (created and dropped):
//   1. throughput: images/s through real image-worker processes (1, then 2), for feed photos
//      and for document photos (which need OCR), with each process's peak memory; baseline in
//      the same run: fingerprinting the same photos in this process on one core;
//   2. detection: leaks posted at random moments in a group watched at the default 30 s
//      cadence; time from each post appearing to its alert existing (p50/p95).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { launchChromium } from '@leakwatch/browser';
import { getConfig } from '@leakwatch/config';
import { CorpusRenderer, makeDistractor, Random, type DistractorKind } from '@leakwatch/corpus';
import { BrowserPool, startCrawlWorker } from '@leakwatch/crawler';
import {
  createDatabase,
  createRepositories,
  migrateDatabase,
  type Repositories,
} from '@leakwatch/db';
import { parseSourceUrl } from '@leakwatch/facebook';
import { FacebookSimulator, generateGroup, photoPost } from '@leakwatch/fb-sim';
import { fingerprintImage } from '@leakwatch/fingerprint';
import { createLogger } from '@leakwatch/observability';
import { createRedisConnection, QueueClient } from '@leakwatch/queue';
import { registerDocument } from '@leakwatch/registry';
import { keyId } from '@leakwatch/runtime';
import { parseAllowList } from '@leakwatch/safe-fetch';
import { buildLeakScenario } from '@leakwatch/scenarios';
import { freePort, withDatabase } from '@leakwatch/testkit';
import { loadOpenCv } from '@leakwatch/vision';
import { peakRssBytes, percentile, stageSeconds } from './measure.js';
import { publishReport } from './report.js';

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '60' },
    leaks: { type: 'string', default: '8' },
    'latency-posts': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    // Each throughput pass processes this many salted copies of its images: enough work that
    // a worker's start and the poll's granularity do not decide the rate.
    rounds: { type: 'string', default: '5' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const photoCount = Number(values.photos);
const leakCount = Number(values.leaks);
const latencyPosts = Number(values['latency-posts']);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds: an integer ≥ 1');
for (const [name, value] of [
  ['--photos', photoCount],
  ['--leaks', leakCount],
  ['--latency-posts', latencyPosts],
] as const)
  if (!Number.isInteger(value) || value < 2) throw new Error(`${name}: an integer ≥ 2`);
const say = (line: string) => process.stderr.write(`${line}\n`);

const config = getConfig();
const root = config.workspaceRoot;
const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const serverUrl = config.database.url ?? config.database.probeUrl;
const redisUrl = config.redis.url ?? config.redis.probeUrl;
const runId = randomBytes(4).toString('hex');
const databaseName = `lw_bench_e2e_${runId}`;
const prefix = `lwbench-e2e-${runId}`;
const textKey = randomBytes(32);
const thumbnailKey = randomBytes(32);
const dataDir = await mkdtemp(path.join(tmpdir(), 'lw-bench-e2e-'));

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${databaseName}`);
const databaseUrl = withDatabase(serverUrl, databaseName);
await migrateDatabase(databaseUrl);
const handle = createDatabase(databaseUrl, { max: 4, applicationName: 'bench-e2e' });
const repos: Repositories = createRepositories(handle.db);
const queueConnection = createRedisConnection(redisUrl, 'producer');
const queue = new QueueClient(queueConnection, prefix);
const blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));

const metricsPorts = new Map<ChildProcess, number>();

/** Mean seconds per image of each stage, from the worker processes' own metrics. */
async function stageMeans(children: ChildProcess[]): Promise<Record<string, number>> {
  const ports = children.flatMap((child) => metricsPorts.get(child) ?? []);
  return Object.fromEntries(
    [...(await stageSeconds(ports))].map(([stage, { sum, count }]) => [
      stage,
      count > 0 ? sum / count : 0,
    ]),
  );
}

async function startWorkerProcess(): Promise<ChildProcess> {
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ['--import', tsxLoader, 'services/worker/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      LEAKWATCH_DATA_DIR: dataDir,
      TEXT_FINGERPRINT_KEY: textKey.toString('base64'),
      THUMBNAIL_KEYS: `bench:${thumbnailKey.toString('base64')}`,
      // One OCR thread per worker process: processes, not threads, are what scales out here.
      OCR_WORKERS: '1',
      WORKER_METRICS_PORT: String(metricsPort),
      IMAGE_WORKER_CONCURRENCY: String(concurrency),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  metricsPorts.set(child, metricsPort);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('image worker started')) resolve(child);
    });
    child.once('exit', (code) => {
      reject(new Error(`worker exited with ${code ?? 'a signal'} before starting`));
    });
  });
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

async function pendingAmong(ids: string[]): Promise<number> {
  const { rows } = await handle.pool.query<{ pending: number }>(
    `select count(*)::int as pending from images where id = any($1::uuid[]) and status = 'pending'`,
    [ids],
  );
  return rows[0]?.pending ?? 0;
}

async function storeImages(images: Buffer[]): Promise<string[]> {
  const ids: string[] = [];
  for (const bytes of images) {
    const blob = await blobs.put(bytes, 'image');
    const { image } = await repos.crawlResults.upsertImage({
      sha256: blob.sha256,
      byteSize: blob.byteSize,
      mimeType: 'image/jpeg',
      width: null,
      height: null,
      blobKey: blob.key,
    });
    ids.push(image.id);
  }
  return ids;
}

async function throughput(
  label: string,
  images: Buffer[],
  processes: number,
): Promise<{
  label: string;
  processes: number;
  images: number;
  seconds: number;
  perSecond: number;
  peakMb: number[];
  stages: Record<string, number>;
}> {
  // Fresh copies (bytes appended keep the pixels and change the SHA-256): every run processes
  // every image, none is found already done; `rounds` copies of each make the pass long enough.
  const copies = Array.from({ length: rounds }, () => randomBytes(4)).flatMap((salt) =>
    images.map((bytes) => Buffer.concat([bytes, salt])),
  );
  const ids = await storeImages(copies);
  const children = await Promise.all(Array.from({ length: processes }, startWorkerProcess));
  try {
    const started = performance.now();
    await queue.enqueueBulk(
      'process-image',
      ids.map((imageId) => ({ imageId })),
    );
    // One cheap query per poll: the bench must not take the workers' core.
    while ((await pendingAmong(ids)) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = (performance.now() - started) / 1000;
    const peakMb = children.map((child) => Math.round(peakRssBytes(child.pid ?? 0) / 1e6));
    const stages = await stageMeans(children);
    say(`  ${label}, ${processes} process(es): ${ids.length} images in ${seconds.toFixed(1)} s`);
    return {
      label,
      processes,
      images: ids.length,
      seconds,
      perSecond: ids.length / seconds,
      peakMb,
      stages,
    };
  } finally {
    await stopWorkers(children);
  }
}

try {
  say(`bench:e2e — database ${databaseName}, queue prefix ${prefix}`);
  say('building the scenario (Chromium)…');
  const renderer = await CorpusRenderer.open(config.browser.executablePath);
  const variants = ['reencode', 'screenshot', 'overlay', 'crop', 'phone-photo'] as const;
  const scenario = await buildLeakScenario(renderer, {
    seed: 'bench-e2e',
    documents: ['close-contact-list', 'quarantine-decision', 'investigation-report'],
    leaks: Array.from({ length: leakCount + latencyPosts }, (_, index) => ({
      document: index % 3,
      page: 1,
      variant: variants[index % variants.length] ?? 'reencode',
    })),
    lookAlikes: 0,
    ordinary: [],
  });
  const make = async (kind: DistractorKind, count: number) => {
    const made: Buffer[] = [];
    for (let index = 0; index < count; index += 1)
      made.push(
        (
          await makeDistractor(
            kind,
            new Random(`${kind}-${index}`),
            renderer,
            `bench-e2e-${kind}-${index}`,
          )
        ).bytes,
      );
    return made;
  };
  // Most of a feed is photos; text cards and news screenshots are the share that looks like a
  // document to the gate and is read (OCR).
  const photos = await make('photo', photoCount);
  const textImages = [
    ...(await make('text-card', Math.ceil(leakCount / 2))),
    ...(await make('news-screenshot', Math.floor(leakCount / 2))),
  ];
  await renderer.close();

  say('registering the documents…');
  const cv = await loadOpenCv();
  for (const document of scenario.documents)
    await registerDocument(
      {
        repos,
        cv,
        ocr: () => Promise.reject(new Error('PDFs with a text layer need no OCR')),
        textKey,
        textKeyId: keyId(textKey),
        thumbnailKey: { id: 'bench', key: thumbnailKey },
        searchPath: '',
      },
      { bytes: document.pdf, fileName: document.fileName },
    );

  say('baseline: fingerprinting the feed photos in this process, one core…');
  // One untimed pass first (the workers measured are warm too: their first images are a few
  // among many), then `rounds` timed passes.
  for (const bytes of photos) await fingerprintImage(bytes);
  let fingerprintSeconds = 0;
  for (let round = 0; round < rounds; round += 1)
    for (const bytes of photos) {
      const started = performance.now();
      await fingerprintImage(bytes);
      fingerprintSeconds += (performance.now() - started) / 1000;
    }
  const fingerprintRate = (photos.length * rounds) / fingerprintSeconds;

  say('throughput through image-worker processes…');
  const leakImages = scenario.leaks.slice(0, leakCount).map((leak) => leak.bytes);
  const runs = [
    await throughput('feed photos', photos, 1),
    await throughput('feed photos', photos, 2),
    await throughput('text cards and news screenshots', textImages, 1),
    await throughput('leaked document photos', leakImages, 1),
    await throughput('leaked document photos', leakImages, 2),
  ];

  say('detection latency at the default 30 s cadence…');
  const group = generateGroup({ seed: `bench-e2e-${runId}`, posts: 30 });
  const sim = new FacebookSimulator({ groups: [group] });
  await sim.listen();
  const parsed = parseSourceUrl(`${sim.origin}/groups/${group.vanity}`, {
    extraOrigins: [sim.origin],
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  const { source } = await repos.sources.upsert({
    ...parsed.target,
    cadenceSeconds: 30,
    nextCrawlAt: new Date(),
  });
  const browsers = new BrowserPool({ launch: () => launchChromium(config.browser.executablePath) });
  const crawlerConnection = createRedisConnection(redisUrl, 'worker');
  const crawler = startCrawlWorker({
    connection: crawlerConnection,
    prefix,
    log: createLogger({ name: 'bench-e2e-crawler', level: 'warn', destination: process.stderr }),
    deps: {
      repos,
      blobs,
      imageFetch: {
        allowList: parseAllowList([new URL(sim.origin).host]),
        maxBytes: 25 * 1024 * 1024,
        maxRedirects: 3,
        timeoutMs: 30_000,
      },
      queue,
      browsers,
    },
    crawl: { maxPosts: config.crawl.maxPosts },
    crawlsPerMinute: config.crawl.crawlsPerMinute,
  });
  const imageWorker = await startWorkerProcess();
  const latencies: number[] = [];
  try {
    await queue.enqueue('crawl-source', {
      sourceId: source.id,
      reason: 'schedule',
      slot: Date.now(),
    });
    // Let the first full read finish before leaks appear (it is not what is measured).
    while (!(await repos.sources.findById(source.id))?.lastCrawledAt)
      await new Promise((resolve) => setTimeout(resolve, 500));
    const random = new Random(`latency-${runId}`);
    const posted: { at: number; cdnKey: string }[] = [];
    for (const [index, leak] of scenario.leaks.slice(leakCount).entries()) {
      await new Promise((resolve) => setTimeout(resolve, random.int(8_000, 25_000)));
      // A fresh picture per post (salted copy), so each has its own alert.
      const bytes = Buffer.concat([leak.bytes, randomBytes(4)]);
      const at = Date.now();
      const post = photoPost({
        seed: `latency-${runId}-${index}`,
        createdAt: Math.floor(at / 1000),
        text: leak.caption,
        photos: [{ ...leak, bytes }],
      });
      sim.publish(group.vanity, post);
      posted.push({ at, cdnKey: post.photos[0]?.name ?? '' });
      say(`  posted leak ${index + 1}/${latencyPosts}`);
    }
    const deadline = Date.now() + 180_000;
    // The CDN re-encodes what was posted: the stored image is found by its CDN file name.
    const pending = new Map(posted.map((post) => [post.cdnKey, post.at]));
    while (pending.size > 0 && Date.now() < deadline) {
      const seen = await repos.crawlResults.imagesOfSource(source.id);
      for (const [cdnKey, at] of pending) {
        const image = seen.find((row) => row.cdnKey === cdnKey)?.image;
        const first = image ? (await repos.alerts.forImage(image.id))[0] : undefined;
        if (first) {
          latencies.push((first.createdAt.getTime() - at) / 1000);
          pending.delete(cdnKey);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (pending.size > 0) say(`  ${pending.size} leak(s) raised no alert within 3 minutes`);
  } finally {
    await crawler.close();
    crawlerConnection.disconnect();
    await browsers.close();
    await stopWorkers([imageWorker]);
    await sim.close();
  }

  const mb = (values: number[]) => values.map((value) => `${value} MB`).join(' + ');
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores), \`pnpm bench:e2e --photos ${photoCount} --leaks ${leakCount} --latency-posts ${latencyPosts} --concurrency ${concurrency} --rounds ${rounds}\`. Worker processes as deployed (\`services/worker/src/main.ts\`, a document-reading thread with one OCR thread and ${concurrency} jobs at a time each); a database and queue prefix of its own.`,
    '',
    `**Baseline (same run)**: fingerprinting the ${photos.length} feed photos in one process on one core: ${fingerprintRate.toFixed(1)} images/s.`,
    '',
    '| images | worker processes | images | seconds | images/s | per process vs fingerprinting | mean ms per image: decode / hash / ocr / match | peak memory per process |',
    '| ------ | ---------------: | -----: | ------: | -------: | ----------------------------: | ---------------------------------------------- | ----------------------- |',
    ...runs.map(
      (run) =>
        `| ${run.label} | ${run.processes} | ${run.images} | ${run.seconds.toFixed(1)} | ${run.perSecond.toFixed(2)} | ${((run.perSecond / run.processes / fingerprintRate) * 100).toFixed(0)}% | ${['decode', 'hash', 'ocr', 'match'].map((stage) => ((run.stages[stage] ?? 0) * 1000).toFixed(0)).join(' / ')} | ${mb(run.peakMb)} |`,
    ),
    '',
    `**Detection** (${latencies.length} of ${latencyPosts} leaks posted at random moments, source polled every 30 s ± 20 %): from the post appearing to its alert existing, p50 ${percentile(latencies, 50).toFixed(1)} s, p95 ${percentile(latencies, 95).toFixed(1)} s, max ${Math.max(...latencies).toFixed(1)} s.`,
  ];
  const markdown = lines.join('\n');
  process.stdout.write(`${markdown}\n`);
  await publishReport(root, 'e2e', markdown, values['write-docs']);
} finally {
  await queue.close();
  queueConnection.disconnect();
  await handle.close();
  await admin.query(`drop database if exists ${databaseName} with (force)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
  const leftovers = await (async () => {
    const redis = createRedisConnection(redisUrl, 'producer');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    return keys.length;
  })();
  say(`cleaned up (${leftovers} Redis keys)`);
}
