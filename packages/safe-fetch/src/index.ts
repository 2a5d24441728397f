export {
  addressVerdict,
  fetchFailureClasses,
  parseAllowList,
  sniffImageType,
  type FetchFailureClass,
} from './fetch-policy.js';
export { SafeFetcher, type FetchedImage, type SafeFetchOptions } from './safe-fetch.js';
