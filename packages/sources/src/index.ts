export {
  addSource,
  changeSource,
  removeSource,
  requestCrawl,
  sourceView,
  type AddSourceInput,
  type SourceActor,
  type SourceChange,
  type SourceView,
} from './manage-sources.js';
