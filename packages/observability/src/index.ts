export {
  createLogger,
  redactedLogPaths,
  type CreateLoggerOptions,
  type Logger,
  type LogSink,
} from './logger.js';
export { redactUrl } from './url.js';
