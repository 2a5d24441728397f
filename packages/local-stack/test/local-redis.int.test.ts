import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import getPort from 'get-port';
import { parseConfig } from '@leakwatch/config';
import { isLeakWatchError } from '@leakwatch/errors';
import { createLogger } from '@leakwatch/observability';
import { createRedisConnection, QueueClient } from '@leakwatch/queue';
import { probeRedis, resolveServices, startLocalRedis } from '../src/index.js';

const log = createLogger({ name: 'local-redis-test', level: 'silent' });
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lw-redis-'));
  dirs.push(dir);
  return dir;
}

describe('Redis fallback', () => {
  it('starts redis-server on a free port when nothing answers, carries jobs, and stops it', async () => {
    const dataDir = await tempDir();
    const unusedPort = await getPort();
    const config = parseConfig({
      LEAKWATCH_DATA_DIR: dataDir,
      // Something that is certainly not a Redis server: forces the fallback.
      LEAKWATCH_PROBE_REDIS_URL: `redis://127.0.0.1:${unusedPort}`,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unused',
    });
    const services = await resolveServices({ config, mode: 'app', log });
    try {
      expect(services.origin.redis).toBe('embedded');
      expect(services.redisUrl).not.toBe(config.redis.probeUrl);
      expect(await probeRedis(services.redisUrl)).toBe(true);

      const connection = createRedisConnection(services.redisUrl, 'producer');
      const client = new QueueClient(connection, 'lw');
      await client.enqueue('process-image', { imageId: '7d0c7a3e-4f8e-4a57-9d3c-0a1b2c3d4e5f' });
      expect(await client.queue('images').count()).toBe(1);
      await client.close();
      connection.disconnect();
    } finally {
      await services.stop();
    }
    expect(await probeRedis(services.redisUrl, 500)).toBe(false);
  });

  it('keeps append-only data across a restart when durable', async () => {
    const dir = await tempDir();
    const first = await startLocalRedis({ dir, serverBin: 'redis-server', log, durable: true });
    const connection = createRedisConnection(first.url, 'producer');
    await connection.set('leakwatch:persisted', 'yes');
    connection.disconnect();
    await first.stop();

    const second = await startLocalRedis({ dir, serverBin: 'redis-server', log, durable: true });
    const again = createRedisConnection(second.url, 'producer');
    try {
      expect(await again.get('leakwatch:persisted')).toBe('yes');
    } finally {
      again.disconnect();
      await second.stop();
    }
  });

  it('stops within seconds with install instructions when no redis-server exists', async () => {
    const dataDir = await tempDir();
    const config = parseConfig({
      LEAKWATCH_DATA_DIR: dataDir,
      LEAKWATCH_PROBE_REDIS_URL: `redis://127.0.0.1:${await getPort()}`,
      LEAKWATCH_REDIS_SERVER_BIN: 'redis-server-that-does-not-exist',
    });
    const started = Date.now();
    let caught: unknown;
    try {
      await resolveServices({ config, mode: 'app', log });
    } catch (error) {
      caught = error;
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isLeakWatchError(caught, 'LW_REDIS_SERVER_MISSING')).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain('apt-get install redis-server');
    expect(message).toContain('brew install redis');
    expect(message).toContain('docker compose -f infra/compose.yaml up -d redis');
  });
});
