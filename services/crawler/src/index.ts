export {
  guardBrowserEgress,
  type BrowserEgressGuard,
  type BrowserEgressOptions,
  type HostResolver,
} from './browser-egress.js';
export { BrowserPool, type BrowserPoolOptions } from './browser-pool.js';
export {
  checkTakedown,
  type CheckTakedownDependencies,
  type CheckTakedownOptions,
  type CheckTakedownResult,
} from './check-takedown.js';
export {
  crawlFeed,
  type CapturedBody,
  type CrawlFeedOptions,
  type CrawlFeedOutcome,
  type CrawlState,
} from './crawl-feed.js';
export {
  crawlSource,
  type CrawlSourceDependencies,
  type CrawlSourceOptions,
  type CrawlSourceResult,
} from './crawl-source.js';
export {
  downloadImages,
  imagesToFetch,
  type DownloadedImage,
  type DownloadFailure,
} from './download-images.js';
export { storeCrawl, type StoreCrawlDependencies, type StoreCrawlSummary } from './store-crawl.js';
export {
  scheduleCrawlDispatch,
  startCrawlWorker,
  type CrawlWorkerOptions,
} from './crawl-worker.js';
