export {
  crawlFeed,
  type CapturedBody,
  type CrawlFeedOptions,
  type CrawlFeedOutcome,
  type CrawlState,
} from './crawl-feed.js';
export {
  downloadImages,
  imagesToFetch,
  type DownloadedImage,
  type DownloadFailure,
} from './download-images.js';
export { storeCrawl, type StoreCrawlDependencies, type StoreCrawlSummary } from './store-crawl.js';
