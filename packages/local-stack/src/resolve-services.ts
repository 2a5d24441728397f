import path from 'node:path';
import type { LeakWatchConfig } from '@leakwatch/config';
import { redactUrl, type LogSink } from '@leakwatch/observability';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import type { LocalServer } from './local-server.js';
import { resolveRedisServerBin, startLocalRedis } from './local-redis.js';
import { probePostgres, probeRedis } from './probe.js';

/**
 * `app`: `pnpm start` and the CLI. PostgreSQL is DATABASE_URL or the embedded cluster (never a
 *   server that merely happens to listen on 5432); Redis is REDIS_URL, else whatever answers on
 *   the probe URL, else a redis-server started here.
 * `test`: the test harness. Both use the URL if set, else a server answering on the probe URL,
 *   else a throw-away local one (fsync off) under `<data>/test/`.
 */
export type ServiceMode = 'app' | 'test';

export type ServiceOrigin = 'configured' | 'probed' | 'embedded';

export interface ResolvedServices {
  databaseUrl: string;
  redisUrl: string;
  origin: { postgres: ServiceOrigin; redis: ServiceOrigin };
  /** Stops the servers this process owns, Redis first, PostgreSQL last. */
  stop(): Promise<void>;
}

export interface ResolveServicesOptions {
  config: LeakWatchConfig;
  mode: ServiceMode;
  log: LogSink;
}

export async function resolveServices({
  config,
  mode,
  log,
}: ResolveServicesOptions): Promise<ResolvedServices> {
  const baseDir = mode === 'test' ? path.join(config.dataDir, 'test') : config.dataDir;
  const durable = mode === 'app';
  const owned: LocalServer[] = [];
  const stop = async () => {
    for (const server of owned.reverse()) await server.stop();
    owned.length = 0;
  };

  let redis: { url: string; origin: ServiceOrigin } | undefined;
  if (config.redis.url) redis = { url: config.redis.url, origin: 'configured' };
  else if (await probeRedis(config.redis.probeUrl))
    redis = { url: config.redis.probeUrl, origin: 'probed' };
  // Fail in seconds, before the slow database start, when Redis cannot be had at all.
  else await resolveRedisServerBin(config.redis.serverBin);

  try {
    let postgres: { url: string; origin: ServiceOrigin };
    if (config.database.url) postgres = { url: config.database.url, origin: 'configured' };
    else if (mode === 'test' && (await probePostgres(config.database.probeUrl))) {
      postgres = { url: config.database.probeUrl, origin: 'probed' };
    } else {
      const server = await startEmbeddedPostgres({
        dir: path.join(baseDir, 'postgres'),
        log,
        durable,
      });
      owned.push(server);
      postgres = { url: server.url, origin: 'embedded' };
    }

    if (!redis) {
      const server = await startLocalRedis({
        dir: path.join(baseDir, 'redis'),
        serverBin: config.redis.serverBin,
        log,
        durable,
      });
      owned.push(server);
      redis = { url: server.url, origin: 'embedded' };
    }

    log.info(
      {
        postgres: redactUrl(postgres.url),
        redis: redactUrl(redis.url),
        origin: { postgres: postgres.origin, redis: redis.origin },
      },
      'services resolved',
    );
    return {
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      origin: { postgres: postgres.origin, redis: redis.origin },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
