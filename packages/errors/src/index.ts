export { errorCatalogue, errorCodes, type ErrorCode } from './catalogue.js';
export {
  LeakWatchError,
  formatErrorMessage,
  isLeakWatchError,
  type ErrorParams,
  type LeakWatchErrorOptions,
} from './leakwatch-error.js';
