// pnpm bench:crawl [--posts <n>] [--write-docs]
// Crawler throughput per worker on the Facebook simulator: posts/minute, images/minute and peak
// memory (this process and its Chromium), for the worker as deployed (human-paced scrolling)
// and unpaced (the machine's ceiling). Baseline, same run: a bare HTTP client reading the same
// feed's GraphQL pages with no browser and no images, the fastest any scraper could go here
// (and one that Facebook blocks; docs/crawling.md).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { launchChromium } from '@leakwatch/browser';
import { BrowserPool, crawlSource } from '@leakwatch/crawler';
import { parseFacebookBody } from '@leakwatch/facebook';
import { FacebookSimulator, generateGroup } from '@leakwatch/fb-sim';
import { createLogger } from '@leakwatch/observability';
import { QueueClient } from '@leakwatch/queue';
import { openRuntime } from '@leakwatch/runtime';
import { processTree } from '@leakwatch/testkit';
import { publishReport } from './report.js';
import { parseAllowList } from '@leakwatch/safe-fetch';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '300' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const postCount = Number(values.posts);
if (!Number.isInteger(postCount) || postCount < 10) throw new Error('--posts: an integer ≥ 10');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Resident memory of this process and everything it started (Chromium's processes). */
function treeRssBytes(): { self: number; browser: number } {
  const pageSize = 4096;
  let browser = 0;
  for (const info of processTree(process.pid)) {
    if (info.pid === process.pid) continue;
    try {
      const pages = Number(readFileSync(`/proc/${info.pid}/statm`, 'utf8').split(' ')[1]);
      browser += pages * pageSize;
    } catch {
      // gone meanwhile
    }
  }
  return { self: process.memoryUsage.rss(), browser };
}

function sampleMemory(): { stop: () => { self: number; browser: number; total: number } } {
  let peak = { self: 0, browser: 0, total: 0 };
  const timer = setInterval(() => {
    const now = treeRssBytes();
    const total = now.self + now.browser;
    if (total > peak.total) peak = { ...now, total };
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

interface RunResult {
  name: string;
  posts: number;
  images: number;
  seconds: number;
  peak: { self: number; browser: number; total: number } | null;
}

const runtime = await openRuntime({
  name: 'bench-crawl',
  poolSize: 4,
  logger: createLogger({ name: 'bench-crawl', level: 'warn', destination: process.stderr }),
});
const runId = randomBytes(4).toString('hex');
const prefix = `lwbench-${runId}`;
const queue = new QueueClient(runtime.redis, prefix);
const blobDir = await mkdtemp(path.join(tmpdir(), 'lw-bench-crawl-'));
const browsers = new BrowserPool({
  launch: () => launchChromium(runtime.config.browser.executablePath),
});
const quiet = createLogger({ name: 'bench-crawl', level: 'silent' });
const results: RunResult[] = [];

async function workerRun(name: string, pauseMs: readonly [number, number]): Promise<RunResult> {
  // A new seed per run: image names already stored by an earlier run would not be fetched again.
  const group = generateGroup({ seed: `bench-crawl-${name}-${runId}`, posts: postCount });
  const sim = new FacebookSimulator({ groups: [group] });
  await sim.listen();
  try {
    const key = `bench-${randomBytes(6).toString('hex')}`;
    const { source } = await runtime.repos.sources.upsert({
      kind: 'group',
      url: `${sim.origin}/groups/${group.vanity}`,
      canonicalKey: `group:${key}`,
      name: `benchmark ${name}`,
    });
    const memory = sampleMemory();
    const started = performance.now();
    const result = await crawlSource(
      {
        repos: runtime.repos,
        blobs: new LocalBlobStore(blobDir),
        imageFetch: {
          allowList: parseAllowList([new URL(sim.origin).host]),
          maxBytes: 25 * 1024 * 1024,
          maxRedirects: 3,
          timeoutMs: 30_000,
        },
        queue,
        browsers,
        log: quiet,
      },
      source.id,
      { maxPosts: postCount + 50, pauseMs, reason: 'manual', responseTimeoutMs: 15_000 },
    );
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    await browsers.close();
    await runtime.repos.sources.remove(source.id);
    if (result.status !== 'done' || result.state !== 'healthy')
      throw new Error(`${name}: the crawl ended ${JSON.stringify(result)}`);
    log(
      `${name}: ${result.posts} posts, ${result.stored.images} images in ${seconds.toFixed(1)} s`,
    );
    return { name, posts: result.posts, images: result.stored.images, seconds, peak };
  } finally {
    await sim.close();
  }
}

/** The same feed read by a plain HTTP client: first HTML page, then GraphQL until the end. */
async function bareClientRun(): Promise<RunResult> {
  const group = generateGroup({ seed: 'bench-crawl-bare', posts: postCount });
  const sim = new FacebookSimulator({ groups: [group] });
  await sim.listen();
  try {
    const started = performance.now();
    const html = await (await fetch(`${sim.origin}/groups/${group.id}`)).text();
    const first = parseFacebookBody(html);
    const ids = new Set(first.posts.map((post) => post.id));
    let images = first.posts.reduce((n, post) => n + post.images.length, 0);
    // The first cursor is in the feed's own script, as a scraper without a browser must find it.
    let cursor = JSON.parse(/var cursor=("[^"]*"|null)/.exec(html)?.[1] ?? 'null') as string | null;
    let more = cursor !== null;
    while (more) {
      const body = new URLSearchParams({
        fb_api_req_friendly_name: 'GroupsCometFeedRegularStoriesPaginationQuery',
        variables: JSON.stringify({ count: 3, cursor, id: group.id }),
      });
      const response = await fetch(`${sim.origin}/api/graphql/`, { method: 'POST', body });
      const parsed = parseFacebookBody(await response.text());
      for (const post of parsed.posts) {
        if (!ids.has(post.id)) images += post.images.length;
        ids.add(post.id);
      }
      cursor = parsed.pageInfo?.endCursor ?? null;
      more = (parsed.pageInfo?.hasNextPage ?? false) && parsed.posts.length > 0;
    }
    const seconds = (performance.now() - started) / 1000;
    log(
      `bare HTTP client: ${ids.size} posts (${images} image URLs, not fetched) in ${seconds.toFixed(1)} s`,
    );
    return { name: 'bare HTTP client (baseline)', posts: ids.size, images: 0, seconds, peak: null };
  } finally {
    await sim.close();
  }
}

try {
  results.push(await bareClientRun());
  results.push(await workerRun('worker, unpaced', [0, 5]));
  results.push(await workerRun('worker, as deployed (0.8–2.5 s pauses)', [800, 2_500]));
} finally {
  await browsers.close();
  await queue.queue('images').obliterate({ force: true });
  await queue.close();
  await runtime.close();
  await rm(blobDir, { recursive: true, force: true });
}

const baseline = results[0];
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)}`;
const perMinute = (count: number, seconds: number) => ((count / seconds) * 60).toFixed(0);
const rows = results.map((run) => {
  const ratio = baseline
    ? (run.posts / run.seconds / (baseline.posts / baseline.seconds)).toFixed(3)
    : '';
  return `| ${run.name} | ${run.posts} | ${run.seconds.toFixed(1)} | ${perMinute(run.posts, run.seconds)} | ${run.images ? perMinute(run.images, run.seconds) : '—'} | ${ratio} | ${run.peak ? `${mb(run.peak.total)} (${mb(run.peak.self)} + ${mb(run.peak.browser)})` : '—'} |`;
});
const markdown = [
  `Command: \`pnpm bench:crawl --posts ${postCount}\`; run ${new Date().toISOString().slice(0, 16)}Z on this 2-core machine. One worker crawls one simulated group of ${postCount} posts (3 per GraphQL page, as Facebook) end to end: feed, album media sets, image downloads at the largest size, storage in PostgreSQL and the blob store, screenshot and HTML evidence for up to 40 new posts with images, one queued job per new image. "Ratio" is posts per second relative to the bare HTTP client in the same run. Peak memory is resident memory sampled every 250 ms: the worker process plus its Chromium processes.`,
  '',
  '| run | posts | seconds | posts/min | images/min | ratio to baseline | peak memory MB (worker + Chromium) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n');
process.stdout.write(`${markdown}\n`);
await publishReport(runtime.config.workspaceRoot, 'crawl', markdown, values['write-docs']);
