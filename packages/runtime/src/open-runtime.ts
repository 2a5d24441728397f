import type { Redis } from 'ioredis';
import { getConfig, type LeakWatchConfig } from '@leakwatch/config';
import {
  createDatabase,
  createRepositories,
  migrateDatabase,
  type DatabaseHandle,
  type Repositories,
} from '@leakwatch/db';
import { resolveServices, type ResolvedServices } from '@leakwatch/local-stack';
import { createLogger, type Logger } from '@leakwatch/observability';
import {
  createRedisConnection,
  isConnectionError,
  QueueClient,
  reportConnectionState,
} from '@leakwatch/queue';

/** Everything a LeakWatch process needs to talk to the world, opened in the right order. */
export interface Runtime {
  config: LeakWatchConfig;
  log: Logger;
  services: ResolvedServices;
  database: DatabaseHandle;
  repos: Repositories;
  redis: Redis;
  queues: QueueClient;
  /** Closes connections, then stops the local servers this process started (if any). */
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  /** Process name in logs and in PostgreSQL's application_name. */
  name: string;
  /** Connection pool size. */
  poolSize?: number;
  logger?: Logger;
}

/**
 * Resolves PostgreSQL and Redis (configured URLs, or the embedded/local ones), applies pending
 * migrations and opens the pools. Services started by `pnpm start` receive URLs from the
 * supervisor, so only standalone CLI commands ever start local servers here.
 */
export async function openRuntime(options: OpenRuntimeOptions): Promise<Runtime> {
  const config = getConfig();
  const log = options.logger ?? createLogger({ name: options.name, level: config.log.level });
  const services = await resolveServices({ config, mode: 'app', log });
  try {
    await migrateDatabase(services.databaseUrl, log);
    const database = createDatabase(services.databaseUrl, {
      max: options.poolSize ?? 10,
      applicationName: `leakwatch-${options.name}`,
      log,
    });
    const redis = createRedisConnection(services.redisUrl, 'producer');
    reportConnectionState(redis, log, 'producer');
    redis.on('error', (error) => {
      // Losing Redis is told once, and its return, by reportConnectionState.
      if (!isConnectionError(error)) log.warn({ err: error }, 'Redis connection error');
    });
    const queues = new QueueClient(redis, config.queue.prefix);
    let closed = false;
    return {
      config,
      log,
      services,
      database,
      repos: createRepositories(database.db),
      redis,
      queues,
      async close() {
        if (closed) return;
        closed = true;
        await queues.close().catch((error: unknown) => {
          log.warn({ err: error }, 'closing queues failed');
        });
        redis.disconnect();
        await database.close().catch((error: unknown) => {
          log.warn({ err: error }, 'closing the pool failed');
        });
        await services.stop();
      },
    };
  } catch (error) {
    await services.stop();
    throw error;
  }
}
