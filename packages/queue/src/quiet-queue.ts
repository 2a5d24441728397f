import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * A queue on a shared connection. Its errors are the connection's, reported by the
 * connection's owner (or by ioredis itself when nobody listens); without a listener here BullMQ
 * would also print each one to stderr, once per reconnection attempt while Redis is away.
 */
export function quietQueue(name: string, connection: Redis, prefix: string): Queue {
  const queue = new Queue(name, { connection, prefix });
  queue.on('error', () => undefined);
  return queue;
}
