import { openBlobStore } from '@leakwatch/blob-store';
import { launchChromium } from '@leakwatch/browser';
import { bullQueueProbe, openServiceMetrics } from '@leakwatch/metrics';
import { createRedisConnection, installGracefulShutdown, QueueClient } from '@leakwatch/queue';
import { parseAllowList } from '@leakwatch/safe-fetch';
import { loadSecrets, openRuntime } from '@leakwatch/runtime';
import { BrowserPool } from './browser-pool.js';
import { scheduleCrawlDispatch, startCrawlWorker } from './crawl-worker.js';

const runtime = await openRuntime({ name: 'crawler', poolSize: 4 });
const { config, log } = runtime;
// Monitoring accounts' cookies are sealed with the same keys as thumbnails (docs/security.md).
const { thumbnailKeys } = await loadSecrets(config);
const browsers = new BrowserPool({
  launch: () => launchChromium(config.browser.executablePath),
  crawlsPerBrowser: config.crawl.crawlsPerBrowser,
  log,
});
const connection = createRedisConnection(runtime.services.redisUrl, 'worker');
// A crawl queues its images' jobs and its next poll through the worker's connection, which waits
// out a Redis restart: the runtime's producer connection gives up after two reconnection
// attempts, and the crawl would fail half stored and back off for minutes.
const crawlQueues = new QueueClient(connection, config.queue.prefix);
const observed = await openServiceMetrics('crawler', {
  host: config.metrics.host,
  port: config.metrics.ports.crawler,
  log,
  queues: [bullQueueProbe(runtime.queues.queue('crawl'))],
});
const worker = startCrawlWorker({
  connection,
  prefix: config.queue.prefix,
  log,
  deps: {
    repos: runtime.repos,
    blobs: openBlobStore(config.blobs),
    imageFetch: {
      allowList: parseAllowList(config.crawl.imageFetch.allow),
      maxBytes: config.crawl.imageFetch.maxBytes,
      timeoutMs: config.crawl.imageFetch.timeoutMs,
      maxRedirects: config.crawl.imageFetch.maxRedirects,
    },
    queue: crawlQueues,
    browsers,
    accountKeys: thumbnailKeys,
    metrics: observed.metrics,
  },
  crawl: { maxPosts: config.crawl.maxPosts },
  jobLockMs: config.queue.jobLockSeconds * 1000,
  crawlsPerMinute: config.crawl.crawlsPerMinute,
  accountCrawlsPerHour: config.crawl.accountCrawlsPerHour,
  takedown: {
    everyMs: config.crawl.takedownCheckEveryMs,
    publicUrl: config.api.publicUrl,
    repos: runtime.repos,
  },
});
await scheduleCrawlDispatch(runtime.queues, config.crawl.dispatchEveryMs);

installGracefulShutdown(
  [
    { name: 'worker', close: () => worker.close() },
    { name: 'metrics', close: () => observed.close() },
    { name: 'browser', close: () => browsers.close() },
    { name: 'queues', close: () => crawlQueues.close() },
    {
      name: 'redis',
      close: async () => {
        await connection.quit();
      },
    },
    { name: 'runtime', close: () => runtime.close() },
  ],
  { log, timeoutMs: config.shutdownTimeoutMs },
);
log.info(
  {
    dispatchEveryMs: config.crawl.dispatchEveryMs,
    takedownCheckEveryMs: config.crawl.takedownCheckEveryMs,
  },
  'crawler started',
);
