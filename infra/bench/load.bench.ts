// pnpm bench:load [--posts <n>] [--images <n>] [--documents <n>] [--leaks <n>] [--crawlers <n>]
//                 [--workers <n>] [--cadence <s>] [--crawls-per-minute <n>] [--write-docs]
// The whole system under load, in a database and queue prefix of its own (created and dropped):
// documents rendered (Chromium) and registered through the registry; the Facebook simulator
// serving the posts across groups and pages watched as sources, their pictures drawn on request;
// real crawler processes (services/crawler/src/main.ts, each with Debian's Chromium, paced as
// deployed) and image-worker processes (services/worker/src/main.ts) working through it all;
// leaked photos of registered pages posted at known moments meanwhile. Reports registration
// rate, crawl and processing throughput (with the same run's fingerprinting rate as baseline),
// detection latency of the leaks, peak memory per process, queue depth over time, and whether
// every leak was alerted, nothing else was, and every image was processed exactly once.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { getConfig } from '@leakwatch/config';
import { CorpusRenderer, Random, type DistractorKind, type VariantClass } from '@leakwatch/corpus';
import { createDatabase, createRepositories, migrateDatabase } from '@leakwatch/db';
import { parseSourceUrl } from '@leakwatch/facebook';
import { FacebookSimulator, feedPath, photoPost } from '@leakwatch/fb-sim';
import { fingerprintImage } from '@leakwatch/fingerprint';
import { createRedisConnection, DeadLetters, QueueClient } from '@leakwatch/queue';
import { registerDocument } from '@leakwatch/registry';
import { keyId } from '@leakwatch/runtime';
import { buildLeakScenario, type ScenarioImage } from '@leakwatch/scenarios';
import {
  freePort,
  listProcesses,
  processTree,
  spawnService,
  stopProcessGroup,
  withDatabase,
} from '@leakwatch/testkit';
import { loadOpenCv } from '@leakwatch/vision';
import { buildWorld, FeedPictures, imageMix, largestVariant } from './load-feed.js';
import { peakRssBytes, percentile, stageSeconds } from './measure.js';
import { publishReport } from './report.js';

// What else ran shows in the load average; it is printed with the figures.
const loadAtStart = os.loadavg()[0] ?? 0;
const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '50000' },
    images: { type: 'string', default: '100000' },
    documents: { type: 'string', default: '1000' },
    leaks: { type: 'string', default: '50' },
    crawlers: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    cadence: { type: 'string' },
    'crawls-per-minute': { type: 'string', default: '30' },
    'stall-minutes': { type: 'string', default: '15' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const integer = (name: string, value: string | undefined, min: number): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name}: an integer ≥ ${min}`);
  return parsed;
};
const postCount = integer('posts', values.posts, 10);
const imageCount = integer('images', values.images, 1);
const documentCount = integer('documents', values.documents, 1);
const leakCount = integer('leaks', values.leaks, 1);
const crawlerCount = integer('crawlers', values.crawlers, 1);
const workerCount = integer('workers', values.workers, 1);
const crawlsPerMinute = integer('crawls-per-minute', values['crawls-per-minute'], 1);
// Below CRAWL_MAX_POSTS (200): a source's first crawl reads its whole history.
const postsPerSource = 150;
const sourceCount = Math.ceil(postCount / postsPerSource);
// Routine polls take at most half of the crawl budget, the rest is for reading histories.
const cadenceSeconds =
  values.cadence === undefined
    ? Math.max(120, Math.ceil((sourceCount * 60) / (crawlsPerMinute / 2)))
    : integer('cadence', values.cadence, 10);
// Nothing may change for a while near the end (a leak waits for its source's next poll).
const stallMs = Math.max(
  integer('stall-minutes', values['stall-minutes'], 1) * 60_000,
  2 * cadenceSeconds * 1000,
);
const command = `pnpm bench:load --posts ${postCount} --images ${imageCount} --documents ${documentCount} --leaks ${leakCount} --crawlers ${crawlerCount} --workers ${workerCount}${values.cadence === undefined ? '' : ` --cadence ${cadenceSeconds}`}${crawlsPerMinute === 30 ? '' : ` --crawls-per-minute ${crawlsPerMinute}`}`;

const say = (line: string) =>
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const config = getConfig();
const root = config.workspaceRoot;
const serverUrl = config.database.url ?? config.database.probeUrl;
const redisUrl = config.redis.url ?? config.redis.probeUrl;
const runId = randomBytes(4).toString('hex');
const databaseName = `lw_bench_load_${runId}`;
const prefix = `lwbench-load-${runId}`;
const textKey = randomBytes(32);
const thumbnailKey = randomBytes(32);
const dataDir = await mkdtemp(path.join(tmpdir(), 'lw-bench-load-'));
const benchStarted = performance.now();
const phases: [string, number][] = [];
async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (stopping) throw new Error('interrupted');
  const started = performance.now();
  say(`${name}…`);
  const result = await run();
  phases.push([name, (performance.now() - started) / 1000]);
  return result;
}

let stopping = false;
let memoryTimer: NodeJS.Timeout | undefined;
process.once('SIGINT', () => {
  say('interrupted: stopping and cleaning up');
  stopping = true;
});

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${databaseName}`);
const databaseUrl = withDatabase(serverUrl, databaseName);
await migrateDatabase(databaseUrl);
const handle = createDatabase(databaseUrl, { max: 4, applicationName: 'bench-load' });
const repos = createRepositories(handle.db);
// Counting over every post and image: aggregate SQL, not rows through the repositories.
const sql = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-load-counts' });
await sql.connect();
const queueConnection = createRedisConnection(redisUrl, 'producer');
const queue = new QueueClient(queueConnection, prefix);

const seconds = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');
const mb = (bytes: number) => Math.round(bytes / 1e6);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

/** Bytes and files under a folder (the blob store: images and evidence). */
async function folderSize(folder: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
    files += 1;
  }
  return { bytes, files };
}

// ─── processes ──────────────────────────────────────────────────────────────────────────────

interface Service {
  label: string;
  child: ChildProcess;
  /** The service's pino lines, parsed; the bench keeps only what it counts. */
  onLog: (entry: Record<string, unknown>) => void;
  peak: { total: number; own: number; children: number };
  /** The node process's own high-water mark (VmHWM), read before it stops. */
  ownHighWater: number;
  /** Its last lines on standard error (OCR chatter mostly), shown if it dies. */
  stderr: string[];
}

const services: Service[] = [];
const processedByImage = new Map<string, { done: number; skipped: number }>();
const crawlsBy = new Map<string, { crawls: number; newPosts: number; newImages: number }>();

function serviceEnv(extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    LEAKWATCH_DATA_DIR: dataDir,
    TEXT_FINGERPRINT_KEY: textKey.toString('base64'),
    THUMBNAIL_KEYS: `bench:${thumbnailKey.toString('base64')}`,
    ...(config.browser.executablePath ? { CHROMIUM_PATH: config.browser.executablePath } : {}),
    ...extra,
  };
}

/** Starts a service's main.ts and resolves once it logs `ready` (its registry loaded, say). */
function startService(
  label: string,
  entry: string,
  env: Record<string, string>,
  ready: string,
  onLog: (entry: Record<string, unknown>) => void,
): Promise<Service> {
  const child = spawnService(entry, serviceEnv(env), { output: 'pipe' });
  const service: Service = {
    label,
    child,
    onLog,
    peak: { total: 0, own: 0, children: 0 },
    ownHighWater: 0,
    stderr: [],
  };
  services.push(service);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${label} did not start within 15 minutes`));
    }, 15 * 60_000);
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          say(`${label}: ${line}`);
          return;
        }
        if (entry['msg'] === ready) {
          clearTimeout(timer);
          resolve(service);
        }
        if (typeof entry['level'] === 'number' && entry['level'] >= 50)
          say(`${label} error: ${line.slice(0, 400)}`);
        service.onLog(entry);
      });
    if (child.stderr)
      createInterface({ input: child.stderr }).on('line', (line) => {
        service.stderr.push(line);
        if (service.stderr.length > 20) service.stderr.shift();
      });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!stopping)
        say(`${label} exited (${code ?? signal ?? '?'}):\n${service.stderr.join('\n')}`);
      reject(new Error(`${label} exited before it was ready`));
    });
  });
}

function countProcessed(entry: Record<string, unknown>): void {
  if (entry['msg'] !== 'image processed' || typeof entry['imageId'] !== 'string') return;
  const counts = processedByImage.get(entry['imageId']) ?? { done: 0, skipped: 0 };
  if (entry['status'] === 'done') counts.done += 1;
  else counts.skipped += 1;
  processedByImage.set(entry['imageId'], counts);
}

function countCrawl(label: string): (entry: Record<string, unknown>) => void {
  return (entry) => {
    if (entry['msg'] !== 'crawl finished') return;
    const stored = (entry['stored'] ?? {}) as { newPosts?: number; newImages?: number };
    const counts = crawlsBy.get(label) ?? { crawls: 0, newPosts: 0, newImages: 0 };
    counts.crawls += 1;
    counts.newPosts += stored.newPosts ?? 0;
    counts.newImages += stored.newImages ?? 0;
    crawlsBy.set(label, counts);
  };
}

const pageSize = 4096;
function rssBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * pageSize;
  } catch {
    return 0;
  }
}
let benchPeak = 0;
/** Resident memory of every service and the processes it started (a crawler's Chromium). */
function sampleMemory(): void {
  const all = listProcesses();
  for (const service of services) {
    const pid = service.child.pid;
    if (pid === undefined || service.child.exitCode !== null) continue;
    const own = rssBytes(pid);
    const children = processTree(pid, all)
      .filter((info) => info.pid !== pid)
      .reduce((sum, info) => sum + rssBytes(info.pid), 0);
    if (own + children > service.peak.total)
      service.peak = { total: own + children, own, children };
    service.ownHighWater = Math.max(service.ownHighWater, peakRssBytes(pid));
  }
  benchPeak = Math.max(benchPeak, process.memoryUsage.rss());
}

async function stopServices(): Promise<void> {
  for (const service of services)
    service.ownHighWater = Math.max(service.ownHighWater, peakRssBytes(service.child.pid ?? -1));
  await Promise.all(
    services.map(async (service) => {
      const killer = setTimeout(() => {
        if (service.child.pid !== undefined && service.child.exitCode === null)
          process.kill(-service.child.pid, 'SIGKILL');
      }, 60_000);
      await stopProcessGroup(service.child, 'SIGTERM').catch(() => undefined);
      clearTimeout(killer);
    }),
  );
}

// ─── the run ────────────────────────────────────────────────────────────────────────────────

interface PlantedLeak {
  image: ScenarioImage;
  documentIndex: number;
  documentId: string;
  variant: VariantClass;
  publishedAt?: number;
  fbPostId?: string;
  cdnKey?: string;
  sourceIndex?: number;
  readAt?: number;
  alertAt?: number;
  alertKind?: string;
  alertDocumentId?: string | null;
  /** Its image was processed and no alert came of it. */
  missed?: boolean;
}

interface Sample {
  at: number;
  imagesWaiting: number;
  imagesActive: number;
  crawlWaiting: number;
  historyPosts: number;
  images: number;
  processed: number;
}

try {
  say(`bench:load — database ${databaseName}, queue prefix ${prefix}, ${sourceCount} sources`);
  const renderer = await CorpusRenderer.open(config.browser.executablePath);
  const healthKinds = [
    'close-contact-list',
    'quarantine-decision',
    'investigation-report',
    'official-letter',
  ] as const;
  // Variants the matcher finds on every page with content (bench:match): a leak missed here is
  // a loss under load, not a matching miss.
  const leakVariants: VariantClass[] = ['reencode', 'screenshot', 'overlay', 'rotation'];
  const leakDocument = (index: number) =>
    Math.floor(((index + 0.5) * documentCount) / leakCount) % documentCount;

  // Documents in chunks: progress shows, and a chunk's page images are let go once it is built.
  const chunkSize = 50;
  const documents: { pdf: Buffer; fileName: string; title: string }[] = [];
  const leakImages = new Map<number, ScenarioImage>();
  await phase('rendering the documents (Chromium)', async () => {
    for (let first = 0; first < documentCount; first += chunkSize) {
      if (stopping) throw new Error('interrupted');
      const count = Math.min(chunkSize, documentCount - first);
      const leaksHere = Array.from({ length: leakCount }, (_, index) => index).filter((index) => {
        const document = leakDocument(index);
        return document >= first && document < first + count;
      });
      const scenario = await buildLeakScenario(renderer, {
        seed: `bench-load-${first}`,
        documents: Array.from(
          { length: count },
          (_, index) => healthKinds[(first + index) % healthKinds.length] ?? 'official-letter',
        ),
        leaks: leaksHere.map((index) => ({
          document: leakDocument(index) - first,
          page: 1,
          variant: leakVariants[index % leakVariants.length] ?? 'reencode',
        })),
        lookAlikes: 0,
        ordinary: [],
      });
      for (const document of scenario.documents)
        documents.push({ pdf: document.pdf, fileName: document.fileName, title: document.title });
      for (const [position, index] of leaksHere.entries()) {
        const image = scenario.leaks[position];
        if (image) leakImages.set(index, image);
      }
      say(`  ${documents.length}/${documentCount} documents`);
    }
  });
  const renderSeconds = phases.at(-1)?.[1] ?? 0;

  const registered: { documentId: string; pages: number }[] = [];
  await phase('registering the documents (packages/registry)', async () => {
    const cv = await loadOpenCv();
    for (const document of documents) {
      if (stopping) throw new Error('interrupted');
      const result = await registerDocument(
        {
          repos,
          cv,
          ocr: () => Promise.reject(new Error('PDFs with a text layer need no OCR')),
          textKey,
          textKeyId: keyId(textKey),
          thumbnailKey: { id: 'bench', key: thumbnailKey },
          searchPath: '',
        },
        { bytes: document.pdf, fileName: document.fileName, metadata: { title: document.title } },
      );
      registered.push({ documentId: result.documentId, pages: result.pages });
      if (registered.length % 50 === 0) say(`  ${registered.length}/${documentCount} registered`);
    }
  });
  const registerSeconds = phases.at(-1)?.[1] ?? 0;
  const registeredPages = registered.reduce((sum, document) => sum + document.pages, 0);
  const leaks: PlantedLeak[] = Array.from({ length: leakCount }, (_, index) => {
    const image = leakImages.get(index);
    const documentId = registered[leakDocument(index)]?.documentId;
    if (!image || !documentId) throw new Error(`leak ${index} has no image or document`);
    return {
      image,
      documentIndex: leakDocument(index),
      documentId,
      variant: leakVariants[index % leakVariants.length] ?? 'reencode',
    };
  });

  const pictures = await phase('base images of the feed (corpus distractors)', () =>
    FeedPictures.open(renderer, 'bench-load'),
  );
  await renderer.close();
  const world = buildWorld({
    seed: 'bench-load',
    posts: postCount,
    images: imageCount,
    sources: sourceCount,
    pictures,
    now: Date.now(),
  });
  const kindCounts = new Map<DistractorKind, number>();
  for (const picture of world.pictures.values())
    kindCounts.set(picture.kind, (kindCounts.get(picture.kind) ?? 0) + 1);

  // Baseline, same run: fingerprinting pictures of the same mix, as served, in this process.
  const baseline = await phase(
    'baseline: fingerprinting feed pictures in this process',
    async () => {
      const sample = [...world.pictures.values()].slice(0, 100);
      let spent = 0;
      for (const picture of sample) {
        const size = largestVariant(picture);
        const bytes = await picture.draw(size.width, size.height);
        const started = performance.now();
        await fingerprintImage(bytes);
        spent += (performance.now() - started) / 1000;
      }
      return { images: sample.length, perSecond: sample.length / spent };
    },
  );

  const sim = new FacebookSimulator({ groups: world.feeds });
  await sim.listen();
  const sourceIds: string[] = [];
  for (const feed of world.feeds) {
    const parsed = parseSourceUrl(`${sim.origin}${feedPath(feed)}`, { extraOrigins: [sim.origin] });
    if (!parsed.ok) throw new Error(parsed.reason);
    const { source } = await repos.sources.upsert({
      ...parsed.target,
      name: feed.name,
      cadenceSeconds,
      nextCrawlAt: new Date(),
    });
    sourceIds.push(source.id);
  }

  memoryTimer = setInterval(sampleMemory, 1_000);
  const metricsPorts: number[] = [];
  const workerStart = await phase('starting image workers (each loads the registry)', async () => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: workerCount }, async (_, index) => {
        const port = await freePort();
        metricsPorts.push(port);
        await startService(
          `worker ${index + 1}`,
          'services/worker/src/main.ts',
          { WORKER_METRICS_PORT: String(port) },
          'image worker started',
          countProcessed,
        );
      }),
    );
    return (performance.now() - started) / 1000;
  });

  const loadStarted = Date.now();
  const samples: Sample[] = [];
  const complete = await phase('crawling and processing', async () => {
    let done = false;
    await Promise.all(
      Array.from({ length: crawlerCount }, (_, index) =>
        startService(
          `crawler ${index + 1}`,
          'services/crawler/src/main.ts',
          {
            CRAWLER_METRICS_PORT: '0',
            IMAGE_FETCH_ALLOW: new URL(sim.origin).host,
            CRAWLS_PER_MINUTE: String(crawlsPerMinute),
          },
          'crawler started',
          countCrawl(`crawler ${index + 1}`),
        ),
      ),
    );
    const random = new Random(`bench-load-leaks-${runId}`);
    const leakNames = () => leaks.flatMap((leak) => (leak.cdnKey ? [leak.cdnKey] : []));
    let lastChange = Date.now();
    let lastKey = '';
    let lastReport = 0;
    while (!stopping) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const [imagesCounts, crawlCounts, counts] = await Promise.all([
        queue.queue('images').getJobCounts('waiting', 'prioritized', 'active'),
        queue.queue('crawl').getJobCounts('waiting', 'prioritized'),
        // History posts have ids 3…, the planted leaks 2… (photoPost): counted apart.
        sql.query<{ history: number; planted: number; images: number; processed: number }>(
          `select (select count(*) from posts where fb_post_id like '3%')::int as history,
                  (select count(*) from posts where fb_post_id like '2%')::int as planted,
                  (select count(*) from images)::int as images,
                  (select count(*) from images where status <> 'pending')::int as processed`,
        ),
      ]);
      const row = counts.rows[0];
      if (!row) continue;
      const sample: Sample = {
        at: Date.now(),
        imagesWaiting: (imagesCounts['waiting'] ?? 0) + (imagesCounts['prioritized'] ?? 0),
        imagesActive: imagesCounts['active'] ?? 0,
        crawlWaiting: (crawlCounts['waiting'] ?? 0) + (crawlCounts['prioritized'] ?? 0),
        historyPosts: row.history,
        images: row.images,
        processed: row.processed,
      };
      samples.push(sample);

      // Leaks go up as the histories are read, into sources already read once, one a tick.
      const published = leaks.filter((leak) => leak.publishedAt !== undefined).length;
      const next = leaks[published];
      if (next && row.history >= (postCount * (published + 1)) / (leakCount + 1)) {
        const crawled = await sql.query<{ id: string }>(
          'select id from sources where last_crawled_at is not null',
        );
        const candidates = crawled.rows.map((source) => sourceIds.indexOf(source.id));
        if (candidates.length > 0) {
          const sourceIndex = random.pick(candidates);
          const feed = world.feeds[sourceIndex];
          if (feed) {
            const at = Date.now();
            const post = photoPost({
              seed: `bench-load-leak-${runId}-${published}`,
              createdAt: Math.floor(at / 1000),
              text: next.image.caption,
              photos: [next.image],
            });
            sim.publish(feed.vanity, post);
            Object.assign(next, {
              publishedAt: at,
              fbPostId: post.id,
              cdnKey: post.photos[0]?.name,
              sourceIndex,
            });
          }
        }
      }

      // Each leak's first alert and when its post was read.
      const names = leakNames();
      if (names.length > 0) {
        const found = await sql.query<{
          cdn_key: string;
          read_at: Date | null;
          status: string | null;
          alert_at: Date | null;
          kind: string | null;
          document_id: string | null;
        }>(
          `select s.cdn_key, p.first_seen_at as read_at, i.status,
                  a.created_at as alert_at, a.kind, a.document_id
             from image_sightings s
             join posts p on p.id = s.post_id
             join images i on i.id = s.image_id
             left join lateral (select created_at, kind, document_id from alerts
                                 where image_id = i.id order by created_at limit 1) a on true
            where s.cdn_key = any($1)`,
          [names],
        );
        for (const hit of found.rows) {
          const leak = leaks.find((candidate) => candidate.cdnKey === hit.cdn_key);
          if (!leak) continue;
          if (hit.read_at) leak.readAt = hit.read_at.getTime();
          if (hit.alert_at) {
            leak.alertAt = hit.alert_at.getTime();
            leak.alertKind = hit.kind ?? undefined;
            leak.alertDocumentId = hit.document_id;
          }
          leak.missed = hit.status !== 'pending' && !hit.alert_at;
        }
      }

      const leaksSettled = leaks.every(
        (leak) => leak.alertAt !== undefined || leak.missed === true,
      );
      done =
        row.history >= postCount &&
        row.planted >= leakCount &&
        leaksSettled &&
        row.images >= imageCount + leakCount &&
        row.processed >= row.images &&
        sample.imagesWaiting + sample.imagesActive === 0;
      if (done) break;
      const key = `${row.history}/${row.planted}/${row.images}/${row.processed}`;
      if (key !== lastKey) {
        lastKey = key;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        say(`no progress for ${stallMs / 60_000} minutes: stopping with the run incomplete`);
        break;
      }
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        say(
          `  ${Math.round((Date.now() - loadStarted) / 1000)} s: posts ${row.history}/${postCount}, leaks ${row.planted}/${leakCount} (alerted ${leaks.filter((leak) => leak.alertAt).length}), images ${row.images}/${imageCount + leakCount} stored, ${row.processed} processed, ${sample.imagesWaiting} waiting`,
        );
      }
    }
    return done;
  });
  clearInterval(memoryTimer);
  sampleMemory();
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const stages = await stageSeconds(metricsPorts).catch(
    () => new Map<string, { sum: number; count: number }>(),
  );
  await phase('stopping the services', stopServices);
  await sim.close();

  // ─── what happened ────────────────────────────────────────────────────────────────────────
  const one = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) =>
    (await sql.query<T>(text, params)).rows[0];
  const leakNames = leaks.flatMap((leak) => (leak.cdnKey ? [leak.cdnKey] : []));
  const crawlEnd = (
    await one<{ end: Date | null }>(
      `select max(first_seen_at) as end from posts where fb_post_id like '3%'`,
    )
  )?.end;
  const crawlSeconds = crawlEnd ? (crawlEnd.getTime() - loadStarted) / 1000 : Number.NaN;
  const crawledImages =
    (
      await one<{ count: number }>(
        'select count(*)::int as count from images where first_seen_at <= $1',
        [crawlEnd ?? new Date()],
      )
    )?.count ?? 0;
  const processing = await one<{
    first: Date | null;
    last: Date | null;
    processed: number;
    failed: number;
    pending: number;
    images: number;
  }>(
    `select min(processed_at) as first, max(processed_at) as last,
            count(*) filter (where status = 'processed')::int as processed,
            count(*) filter (where status = 'failed')::int as failed,
            count(*) filter (where status = 'pending')::int as pending,
            count(*)::int as images
       from images`,
  );
  const completions = await one<{ count: number }>(
    `select count(*)::int as count from job_completions where queue = 'images'`,
  );
  const seenNames = new Set(
    (await sql.query<{ cdn_key: string }>('select distinct cdn_key from image_sightings')).rows.map(
      (row) => row.cdn_key,
    ),
  );
  const missingPictures = [...world.pictures.keys()].filter((name) => !seenNames.has(name)).length;
  const storedPosts = new Set(
    (await sql.query<{ fb_post_id: string }>('select fb_post_id from posts')).rows.map(
      (row) => row.fb_post_id,
    ),
  );
  const missingPosts = [...world.postIds].filter((id) => !storedPosts.has(id)).length;
  const otherAlerts = (
    await sql.query<{ kind: string; count: number }>(
      `select a.kind, count(*)::int as count from alerts a
        where not exists (select 1 from image_sightings s
                           where s.image_id = a.image_id and s.cdn_key = any($1))
        group by a.kind`,
      [leakNames],
    )
  ).rows;
  const verdicts = (
    await sql.query<{ verdict: string; count: number }>(
      `select outcome->>'verdict' as verdict, count(*)::int as count from job_completions
        where queue = 'images' group by 1 order by 2 desc`,
    )
  ).rows;
  const blobs = await folderSize(dataDir);
  const deadLetters = new DeadLetters(queueConnection, prefix);
  const deadLetterCount = (await deadLetters.list({ limit: 100_000 })).length;
  const processedTwice = [...processedByImage.values()].filter((counts) => counts.done > 1).length;
  const processedDone = [...processedByImage.values()].reduce(
    (sum, counts) => sum + counts.done,
    0,
  );
  const processedSkipped = [...processedByImage.values()].reduce(
    (sum, counts) => sum + counts.skipped,
    0,
  );

  // Throughput: over the whole run, and while images were waiting (what the workers can do here).
  const processedCount = processing?.processed ?? 0;
  const processingSeconds =
    processing?.first && processing.last
      ? (processing.last.getTime() - processing.first.getTime()) / 1000
      : Number.NaN;
  let busyImages = 0;
  let busySeconds = 0;
  for (let index = 1; index < samples.length; index += 1) {
    const before = samples[index - 1];
    const after = samples[index];
    if (!before || !after || before.imagesWaiting === 0 || after.imagesWaiting === 0) continue;
    busyImages += after.processed - before.processed;
    busySeconds += (after.at - before.at) / 1000;
  }
  const overallRate = processedCount / processingSeconds;
  const busyRate = busySeconds >= 30 ? busyImages / busySeconds : Number.NaN;
  const capacityRate = Number.isFinite(busyRate) ? busyRate : overallRate;
  const maxBacklog = samples.reduce(
    (best, sample) => (sample.imagesWaiting > best.imagesWaiting ? sample : best),
    samples[0] ?? { imagesWaiting: 0, at: loadStarted, crawlWaiting: 0 },
  );
  const maxCrawlBacklog = Math.max(0, ...samples.map((sample) => sample.crawlWaiting));
  const stage = (name: string) => {
    const entry = stages.get(name);
    return entry && entry.count > 0 ? entry.sum / entry.count : 0;
  };
  const ocrRead = stages.get('ocr')?.count ?? 0;
  const decoded = stages.get('decode')?.count ?? 0;

  // Latency of the planted leaks.
  const alerted = leaks.filter(
    (leak) => leak.publishedAt !== undefined && leak.alertAt !== undefined,
  );
  const total = alerted.map((leak) => ((leak.alertAt ?? 0) - (leak.publishedAt ?? 0)) / 1000);
  const reading = alerted.map((leak) => ((leak.readAt ?? 0) - (leak.publishedAt ?? 0)) / 1000);
  const afterReading = alerted.map((leak) => ((leak.alertAt ?? 0) - (leak.readAt ?? 0)) / 1000);
  const rightDocument = alerted.filter(
    (leak) => leak.alertKind === 'match' && leak.alertDocumentId === leak.documentId,
  ).length;
  const latencyRow = (label: string, sample: number[]) =>
    `| ${label} | ${seconds(percentile(sample, 50))} | ${seconds(percentile(sample, 95))} | ${seconds(Math.max(...sample))} |`;

  // Queue depth over time: at most a dozen points.
  const step = Math.max(1, Math.ceil(samples.length / 12));
  const depthPoints = samples.filter(
    (_, index) => index % step === 0 || index === samples.length - 1,
  );

  const falseAlerts = otherAlerts.reduce((sum, row) => sum + row.count, 0);
  const crawlers = services.filter((service) => service.label.startsWith('crawler'));
  const workers = services.filter((service) => service.label.startsWith('worker'));
  const wallSeconds = (performance.now() - benchStarted) / 1000;
  const postsPerMinute = (postCount / crawlSeconds) * 60;
  const imagesPerMinute = (crawledImages / crawlSeconds) * 60;
  const pagesPerSecond = registeredPages / registerSeconds;
  const pagesPerDocument = registeredPages / documentCount;
  const full = { posts: 50_000, images: 100_000, documents: 1_000 };
  const fullPages = full.documents * pagesPerDocument;
  const fullCrawlMinutes = full.posts / postsPerMinute;
  const fullProcessMinutes = full.images / capacityRate / 60;
  const fullRegisterMinutes = fullPages / pagesPerSecond / 60;
  const fullRenderMinutes = ((renderSeconds / documentCount) * full.documents) / 60;

  const pageCount = world.feeds.filter((feed) => feed.kind === 'page').length;
  const crawlCounts = [...crawlsBy.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([label, counts]) =>
        `${label} ${counts.crawls} crawls, ${thousands(counts.newPosts)} new posts, ${thousands(counts.newImages)} new images`,
    )
    .join('; ');
  const lines = [
    `Command: \`${command}\`; run ${new Date().toISOString().slice(0, 16)}Z on this 2-core machine (load average over 1 minute: ${loadAtStart.toFixed(1)} before the run, ${os.loadavg()[0]?.toFixed(1)} at its end, the run's own processes included; absolute figures vary with what else runs, the ratios to the same run's baseline less). Scale actually run: **${thousands(postCount)} posts, ${thousands(imageCount)} images, ${thousands(documentCount)} documents (${thousands(registeredPages)} pages), ${leakCount} planted leaks**; ${sourceCount} sources (groups: ${sourceCount - pageCount}, pages: ${pageCount}) polled every ${cadenceSeconds} s ± 20 % after their first read, \`CRAWLS_PER_MINUTE=${crawlsPerMinute}\`; ${crawlerCount} crawler and ${workerCount} image-worker processes as deployed (crawlers pause 0.8–2.5 s between scrolls; workers with their defaults: a document-reading thread with its OCR threads, 4 jobs at a time). Image mix: ${imageMix.map(([kind]) => `${kind} ${thousands(kindCounts.get(kind) ?? 0)}`).join(', ')}.`,
    '',
    `**Result**: ${complete ? 'complete' : '**incomplete** (stopped before everything was read and processed)'}, in ${seconds(wallSeconds / 60)} min wall time (load phase ${seconds(loadSeconds / 60)} min).`,
    '',
    '| phase | seconds |',
    '| --- | ---: |',
    ...phases.map(([name, spent]) => `| ${name} | ${spent.toFixed(1)} |`),
    '',
    `**Registration** (one process, PDFs with a text layer, no OCR): ${thousands(documentCount)} documents, ${thousands(registeredPages)} pages in ${seconds(registerSeconds)} s — **${((documentCount / registerSeconds) * 60).toFixed(1)} documents/min, ${pagesPerSecond.toFixed(2)} pages/s**. Rendering them in Chromium beforehand (the corpus renderer, not part of LeakWatch): ${seconds(renderSeconds)} s. Each worker loaded the registry and started in ${seconds(workerStart)} s (the ${workerCount} started together).`,
    '',
    `**Baseline (same run)**: fingerprinting ${baseline.images} feed pictures of the same mix, as served, in one process on one core: ${baseline.perSecond.toFixed(1)} images/s.`,
    '',
    '| throughput | value | ratio |',
    '| --- | ---: | ---: |',
    `| crawl: posts/min (${crawlerCount} crawlers, histories read in ${seconds(crawlSeconds / 60)} min) | ${postsPerMinute.toFixed(0)} | ${(postsPerMinute / crawlerCount).toFixed(0)} per crawler |`,
    `| crawl: images/min | ${imagesPerMinute.toFixed(0)} | ${(imagesPerMinute / crawlerCount).toFixed(0)} per crawler |`,
    `| processing: images/s over the run (${thousands(processedCount)} images in ${seconds(processingSeconds / 60)} min) | ${overallRate.toFixed(2)} | ${((overallRate / workerCount / baseline.perSecond) * 100).toFixed(0)}% of baseline per worker |`,
    `| processing: images/s while images were waiting (${seconds(busySeconds / 60)} min of backlog) | ${Number.isFinite(busyRate) ? busyRate.toFixed(2) : '— (never a backlog ≥ 30 s: the workers kept up with crawling)'} | ${Number.isFinite(busyRate) ? `${((busyRate / workerCount / baseline.perSecond) * 100).toFixed(0)}% of baseline per worker` : '—'} |`,
    '',
    `Crawls (from the crawlers' logs): ${crawlCounts || 'none logged'}.`,
    '',
    `Worker stages (mean ms per image, from the workers' metrics): decode ${(stage('decode') * 1000).toFixed(0)}, hash ${(stage('hash') * 1000).toFixed(0)}, OCR ${(stage('ocr') * 1000).toFixed(0)} for the ${thousands(ocrRead)} of ${thousands(decoded)} images the gate or a candidate sent to OCR (${decoded > 0 ? ((ocrRead / decoded) * 100).toFixed(1) : '—'}%), match ${(stage('match') * 1000).toFixed(0)}. Verdicts: ${verdicts.map((row) => `${row.verdict} ${thousands(row.count)}`).join(', ')}.`,
    '',
    `**Detection** (${alerted.length} of ${leakCount} leaks alerted; each posted into a source already read once, spread over the reading of the histories): seconds from the post appearing`,
    '',
    '| | p50 | p95 | max |',
    '| --- | ---: | ---: | ---: |',
    latencyRow('to its alert', total),
    latencyRow('to being read (the poll: cadence and crawl queue)', reading),
    latencyRow('from being read to its alert (images queue and matching)', afterReading),
    '',
    '| peak memory (resident, sampled every second) | MB |',
    '| --- | ---: |',
    ...crawlers.map(
      (service) =>
        `| ${service.label} + its Chromium | ${mb(service.peak.total)} (${mb(service.peak.own)} + ${mb(service.peak.children)}); node alone peaked at ${mb(service.ownHighWater)} |`,
    ),
    ...workers.map(
      (service) =>
        `| ${service.label} | ${mb(Math.max(service.ownHighWater, service.peak.total))} |`,
    ),
    `| the bench process (simulator drawing the pictures) | ${mb(benchPeak)} |`,
    '',
    `**Queues**: the images queue peaked at ${thousands(maxBacklog.imagesWaiting)} waiting at ${seconds((maxBacklog.at - loadStarted) / 60_000)} min; the crawl queue at ${maxCrawlBacklog} waiting. Over time (minutes: images waiting / crawl jobs waiting): ${depthPoints.map((sample) => `${((sample.at - loadStarted) / 60_000).toFixed(1)}: ${sample.imagesWaiting}/${sample.crawlWaiting}`).join(', ')}.`,
    '',
    `**Storage**: the blob store holds ${thousands(mb(blobs.bytes))} MB in ${thousands(blobs.files)} files (images, and screenshots, HTML and response bodies as evidence), ${(blobs.bytes / 1e3 / Math.max(1, processing?.images ?? 0)).toFixed(0)} KB per stored image all told.`,
    '',
    '**Correctness**',
    '',
    `- Leaks alerted: ${alerted.length}/${leakCount}, ${rightDocument} of them as a match of the leaked document${
      leaks.some((leak) => leak.missed)
        ? `; missed: ${leaks
            .filter((leak) => leak.missed)
            .map((leak) => leak.variant)
            .join(', ')}`
        : ''
    }${leaks.some((leak) => leak.publishedAt === undefined) ? `; ${leaks.filter((leak) => leak.publishedAt === undefined).length} never posted` : ''}.`,
    `- Alerts on anything else (distractors): ${falseAlerts}${otherAlerts.length > 0 ? ` (${otherAlerts.map((row) => `${row.kind} ${row.count}`).join(', ')})` : ''}.`,
    `- Posts read: ${thousands(world.postIds.size - missingPosts)}/${thousands(world.postIds.size)}; pictures read: ${thousands(world.pictures.size - missingPictures)}/${thousands(world.pictures.size)}; images stored: ${thousands(processing?.images ?? 0)} (expected ${thousands(imageCount + leakCount)}).`,
    `- Images processed: ${thousands(processedCount)}, failed ${processing?.failed ?? 0}, left pending ${processing?.pending ?? 0}; job completions ${thousands(completions?.count ?? 0)}; matched by a worker ${thousands(processedDone)} times, ${processedTwice} images more than once (${processedSkipped} redeliveries found done and skipped); dead letters ${deadLetterCount}.`,
    '',
    `**Extrapolated to the full size** — an extrapolation from this run's rates, not a measurement. 1,000 documents ≈ ${thousands(fullPages)} pages at this run's ${pagesPerDocument.toFixed(1)} pages a document: registering them ${seconds(fullRegisterMinutes)} min (plus ${seconds(fullRenderMinutes)} min rendering the test documents, not LeakWatch's work). 50,000 posts in ${Math.ceil(full.posts / postsPerSource)} sources read by ${crawlerCount} crawler(s): ${seconds(fullCrawlMinutes)} min; 100,000 images through ${workerCount} worker(s) at the rate measured while images waited: ${seconds(fullProcessMinutes)} min, alongside the crawl — registration and then about **${seconds(Math.max(fullCrawlMinutes, fullProcessMinutes) / 60)} hours** of load on this machine as loaded today. More crawlers or workers help only with more cores. The blob store would hold about ${((blobs.bytes / Math.max(1, processing?.images ?? 0)) * (full.images / 1e9)).toFixed(0)} GB (the bench's temporary folder: mind the disk). Crawler memory does not grow with the total (a crawl reads at most \`CRAWL_MAX_POSTS\` posts); worker memory grows with the registry (bench:index).`,
  ];
  const markdown = lines.join('\n');
  process.stdout.write(`${markdown}\n`);
  // An interrupted run's figures are printed, never written into the docs.
  await publishReport(root, 'load', markdown, values['write-docs'] && !stopping);
} finally {
  stopping = true;
  clearInterval(memoryTimer);
  await stopServices().catch(() => undefined);
  await queue.close();
  const redis = createRedisConnection(redisUrl, 'producer');
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  queueConnection.disconnect();
  await sql.end();
  await handle.close();
  await admin.query(`drop database if exists ${databaseName} with (force)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
  say(`cleaned up (${removed} Redis keys)`);
}
