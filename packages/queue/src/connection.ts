import { Redis } from 'ioredis';
import type { LogSink } from '@leakwatch/observability';

export type RedisRole = 'producer' | 'worker';

/**
 * Workers must never give up on a command while Redis restarts (`maxRetriesPerRequest: null`,
 * as BullMQ requires); producers give up after two reconnection attempts instead, so an HTTP
 * request gets a 503 rather than hanging.
 */
export function createRedisConnection(url: string, role: RedisRole): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    connectionName: `leakwatch-${role}`,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
}

/**
 * Logs once when `connection` loses Redis (a restart, a fail-over) and once when it is back, so
 * an outage reads as two lines rather than one per reconnection attempt. A `quit()` on shutdown
 * schedules no reconnection and logs nothing.
 */
export function reportConnectionState(connection: Redis, log: LogSink, name: string): void {
  let lostAt: number | undefined;
  connection.on('reconnecting', (delayMs: number) => {
    if (lostAt !== undefined) return;
    lostAt = Date.now();
    log.warn({ connection: name, retryInMs: delayMs }, 'Redis connection lost, reconnecting');
  });
  connection.on('ready', () => {
    if (lostAt === undefined) return;
    log.info({ connection: name, downMs: Date.now() - lostAt }, 'Redis connection restored');
    lostAt = undefined;
  });
}
