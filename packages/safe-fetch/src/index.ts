export {
  addressVerdict,
  browserRequestVerdict,
  type BrowserRequestVerdict,
  fetchFailureClasses,
  parseAllowList,
  sniffImageType,
  urlHostVerdict,
  type FetchFailureClass,
} from './fetch-policy.js';
export {
  SafeFetcher,
  type FetchedImage,
  type FetchFailure,
  type PostResult,
  type SafeFetchOptions,
} from './safe-fetch.js';
