export {
  crawlStates,
  planAfterCrawl,
  isDue,
  type CrawlOutcomeState,
  type CrawlPlan,
  type CrawlSchedule,
  type PlanInput,
} from './plan-after-crawl.js';
export {
  planTakedownCheck,
  takedownSlotDone,
  type TakedownCheckPlan,
  type TakedownScheduleInput,
} from './takedown-schedule.js';
