export {
  crawlStates,
  planAfterCrawl,
  isDue,
  type CrawlOutcomeState,
  type CrawlPlan,
  type CrawlSchedule,
  type PlanInput,
} from './plan-after-crawl.js';
