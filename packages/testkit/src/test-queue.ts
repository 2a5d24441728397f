import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, inject } from 'vitest';
import { createRedisConnection, QueueClient } from '@leakwatch/queue';

export interface TestQueue {
  redisUrl: string;
  prefix: string;
  /** A producer-side connection, closed after the test. */
  producer: Redis;
  client: QueueClient;
  /** A worker-side connection (maxRetriesPerRequest: null), closed after the test. */
  workerConnection: () => Redis;
}

/**
 * Gives each test its own BullMQ key prefix (and deletes its keys afterwards), so tests in
 * parallel files never consume each other's jobs.
 */
export function useTestQueue(): () => TestQueue {
  let current: TestQueue | undefined;
  let connections: Redis[] = [];
  const { redisUrl } = inject('leakwatch');

  beforeEach(() => {
    const prefix = `lwt-${randomBytes(5).toString('hex')}`;
    const producer = createRedisConnection(redisUrl, 'producer');
    connections = [producer];
    current = {
      redisUrl,
      prefix,
      producer,
      client: new QueueClient(producer, prefix),
      workerConnection: () => {
        const connection = createRedisConnection(redisUrl, 'worker');
        connections.push(connection);
        return connection;
      },
    };
  });

  afterEach(async () => {
    if (!current) return;
    const { prefix, producer, client } = current;
    await client.close();
    let cursor = '0';
    do {
      const [next, keys] = await producer.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await producer.del(...keys);
    } while (cursor !== '0');
    await Promise.all(connections.map((connection) => connection.quit().catch(() => undefined)));
    current = undefined;
  });

  return () => {
    if (!current) throw new Error('useTestQueue(): the queue exists only inside tests and hooks');
    return current;
  };
}
