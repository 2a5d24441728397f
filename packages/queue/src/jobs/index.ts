import { checkTakedownJob } from './check-takedown.job.js';
import { crawlSourceJob } from './crawl-source.job.js';
import { deliverNotificationJob } from './deliver-notification.job.js';
import { dispatchCrawlsJob } from './dispatch-crawls.job.js';
import { processImageJob } from './process-image.job.js';
import { runRetentionJob } from './run-retention.job.js';

export { checkTakedownJob, checkTakedownPayload } from './check-takedown.job.js';
export { crawlSourceJob, crawlSourcePayload } from './crawl-source.job.js';
export { deliverNotificationJob, deliverNotificationPayload } from './deliver-notification.job.js';
export { dispatchCrawlsJob, dispatchCrawlsPayload } from './dispatch-crawls.job.js';
export { processImageJob, processImagePayload } from './process-image.job.js';
export { runRetentionJob, runRetentionPayload } from './run-retention.job.js';

/** Every job LeakWatch knows; adding a job means adding its file and listing it here. */
export const jobs = {
  [crawlSourceJob.name]: crawlSourceJob,
  [dispatchCrawlsJob.name]: dispatchCrawlsJob,
  [checkTakedownJob.name]: checkTakedownJob,
  [processImageJob.name]: processImageJob,
  [deliverNotificationJob.name]: deliverNotificationJob,
  [runRetentionJob.name]: runRetentionJob,
} as const;

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;
