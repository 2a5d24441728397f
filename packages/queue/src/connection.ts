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

/** Socket errors that only say Redis cannot be reached right now; ioredis keeps reconnecting. */
const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // A stopped container's name stops resolving (Docker's DNS) until it runs again.
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether `error` is Redis being unreachable, which `reportConnectionState` reports once. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && connectionErrorCodes.has(code);
}

// Connections already reported: a process whose workers share one connection (the image and
// maintenance workers do) tells each outage once, not once per worker.
const reported = new WeakSet<Redis>();

/**
 * Logs once when `connection` loses Redis (a restart, a fail-over) and once when it is back, so
 * an outage reads as two lines rather than one per reconnection attempt. A `quit()` on shutdown
 * schedules no reconnection and logs nothing. `startWorker` reports its own connection; asking
 * again for the same connection changes nothing.
 */
export function reportConnectionState(connection: Redis, log: LogSink, name: string): void {
  if (reported.has(connection)) return;
  reported.add(connection);
  let lostAt: number | undefined;
  let reason: string | undefined;
  connection.on('error', (error: Error & { code?: string }) => {
    reason = error.code ?? error.message;
  });
  connection.on('reconnecting', (delayMs: number) => {
    if (lostAt !== undefined) return;
    lostAt = Date.now();
    log.warn(
      { connection: name, retryInMs: delayMs, ...(reason ? { reason } : {}) },
      'Redis connection lost, reconnecting',
    );
  });
  connection.on('ready', () => {
    if (lostAt === undefined) return;
    log.info({ connection: name, downMs: Date.now() - lostAt }, 'Redis connection restored');
    lostAt = undefined;
    reason = undefined;
  });
}
