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
export {
  addMonitoringAccount,
  monitoringAccountView,
  openStorageState,
  parseStorageState,
  sealStorageState,
  storageStateSchema,
  type MonitoringAccountView,
  type StorageState,
} from './monitoring-accounts.js';
