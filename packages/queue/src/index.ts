export {
  createRedisConnection,
  isConnectionError,
  reportConnectionState,
  type RedisRole,
} from './connection.js';
export {
  DeadLetters,
  deadLetterQueue,
  deadLetterSchema,
  type DeadLetter,
  type DeadLetterEntry,
} from './dead-letters.js';
export {
  defineJob,
  queueNames,
  standardRetry,
  type JobDefinition,
  type QueueName,
} from './define-job.js';
export * from './jobs/index.js';
export {
  QueueClient,
  validatePayload,
  type EnqueueResult,
  type JobPayload,
} from './queue-client.js';
export { installGracefulShutdown, type ShutdownStep } from './shutdown.js';
export {
  checkHandlers,
  startWorker,
  type HandlerRegistration,
  type JobContext,
  type JobHandler,
  type FailureClassification,
  type JobOutcome,
  type StartWorkerOptions,
} from './start-worker.js';
