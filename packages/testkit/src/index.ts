export { withDatabase, type ProvidedServices } from './provided.js';
export { useTestDatabase, type TestDatabase } from './test-database.js';
export { useTestQueue, type TestQueue } from './test-queue.js';
export { listProcesses, processTree, type ProcessInfo } from './processes.js';
export {
  handmadePdf,
  handmadeZip,
  minimalDocx,
  pngClaiming,
  type HandmadePdfOptions,
  type ZipEntry,
} from './handmade-files.js';
export { freePort } from './free-port.js';
export { startPrivateRedis, type PrivateRedis } from './private-redis.js';
export { startTcpProxy, type TcpProxy, type TcpProxyOptions } from './tcp-proxy.js';
export { exited, spawnService, stopProcessGroup } from './service-process.js';
export { registerFakeDocument, randomSha256 } from './fixtures/registry.js';
export { recordSighting, storeImage } from './fixtures/crawl.js';
export {
  matchAlert,
  openIncident,
  recordAlert,
  type OpenIncidentOptions,
} from './fixtures/alerts.js';
export { startSmtpSink, type ReceivedMail, type SmtpSink } from './fixtures/mail.js';
export {
  startWebhookReceiver,
  type ReceivedHook,
  type WebhookReceiver,
} from './fixtures/webhook.js';
export { quietLog } from './fixtures/quiet-log.js';
export {
  hostileCorpusDir,
  hostileManifest,
  loadHostileCorpus,
  type HostileEntry,
  type HostileSample,
} from './hostile-corpus.js';
