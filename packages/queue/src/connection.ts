import { Redis } from 'ioredis';

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
