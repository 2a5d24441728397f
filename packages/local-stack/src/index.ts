export { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres.js';
export type { LocalServer } from './local-server.js';
export {
  redisInstallHint,
  resolveRedisServerBin,
  startLocalRedis,
  type LocalRedisOptions,
} from './local-redis.js';
export { probePostgres, probeRedis } from './probe.js';
export { findExecutable, isProcessAlive } from './processes.js';
export {
  resolveServices,
  type ResolvedServices,
  type ResolveServicesOptions,
  type ServiceMode,
  type ServiceOrigin,
} from './resolve-services.js';
