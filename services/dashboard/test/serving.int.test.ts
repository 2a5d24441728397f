import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '@leakwatch/config';
import { createLogger } from '@leakwatch/observability';
import { createRedisConnection } from '@leakwatch/queue';
import { useTestDatabase } from '@leakwatch/testkit';
import { buildApp } from '../../api/src/index.js';
import { precompressAssets } from '../scripts/precompress-assets.js';

/** How the API hands out the dashboard: files, the SPA fallback, and the page when unbuilt. */
const testDb = useTestDatabase();
let folder = '';
const apps: FastifyInstance[] = [];
const redis = createRedisConnection(inject('leakwatch').redisUrl, 'producer');

async function apiWith(dashboardDir: string): Promise<FastifyInstance> {
  const app = await buildApp({
    config: parseConfig({
      NODE_ENV: 'test',
      QUEUE_PREFIX: `lwt-dash-${randomBytes(4).toString('hex')}`,
    }),
    repos: testDb().repos,
    redis,
    log: createLogger({ name: 'dashboard-test', level: 'silent' }),
    dashboardDir,
  });
  apps.push(app);
  return app;
}

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'lw-dashboard-'));
  await mkdir(path.join(folder, 'dist', 'assets'), { recursive: true });
  await writeFile(
    path.join(folder, 'dist', 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>',
  );
  await writeFile(path.join(folder, 'dist', 'assets', 'app-1a2b.js'), 'console.log(1);');
  await writeFile(path.join(folder, 'dist', 'assets', 'big-3c4d.js'), bigScript);
  await precompressAssets(path.join(folder, 'dist'));
});

const bigScript = 'export const label = "Cảnh báo rò rỉ tài liệu";\n'.repeat(400);

afterAll(async () => {
  for (const app of apps) await app.close();
  redis.disconnect();
  await rm(folder, { recursive: true, force: true });
});

describe('the API serving the dashboard', () => {
  it('answers page addresses with index.html and assets with long-lived caching', async () => {
    const app = await apiWith(path.join(folder, 'dist'));
    for (const url of ['/', '/triage', '/incidents/2b1f0a51-0000-4000-8000-000000000000?x=1']) {
      const page = await app.inject({ url, headers: html });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).toContain('/assets/app-1a2b.js');
      // The API's CSP covers the app: scripts from our origin only.
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const asset = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('sends the brotli or gzip copy of the build to browsers that accept it, the file to others', async () => {
    const app = await apiWith(path.join(folder, 'dist'));
    const url = '/assets/big-3c4d.js';
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(bigScript);
    expect(br.rawPayload.length).toBeLessThan(bigScript.length / 10);

    const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(bigScript);

    for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
      const plain = await app.inject({ url, headers });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toContain('accept-encoding');
      expect(plain.body).toBe(bigScript);
    }
    // A file too small to have copies is sent as it is, whatever the browser accepts.
    const small = await app.inject({
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('console.log(1);');
  });

  it('leaves API, documentation, queue-board and unknown-file addresses to their owners', async () => {
    const app = await apiWith(path.join(folder, 'dist'));
    for (const url of ['/api/khong-co', '/api', '/metrics', '/docsx']) {
      const response = await app.inject({ url, headers: html });
      expect(response.headers['content-type'], url).toContain('application/problem+json');
    }
    const missingAsset = await app.inject({ url: '/assets/khong-co.js', headers: html });
    expect(missingAsset.statusCode).toBe(404);
    expect(missingAsset.headers['content-type']).toContain('application/problem+json');
    for (const url of ['/assets/../../../etc/passwd', '/assets/..%2F..%2F..%2Fetc%2Fpasswd']) {
      const traversal = await app.inject({ url });
      expect(traversal.body, url).not.toContain('root:');
    }
    // A script asking for JSON at a page address gets the 404, not HTML.
    const json = await app.inject({ url: '/triage', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(404);
    const docs = await app.inject({ url: '/docs/json', headers: html });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('application/json');
    const post = await app.inject({ method: 'POST', url: '/triage', headers: html });
    expect(post.statusCode).toBe(404);
  });

  it('starts without a build and says how to make one', async () => {
    const app = await apiWith(path.join(folder, 'not-built'));
    const page = await app.inject({ url: '/', headers: html });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/plain');
    expect(page.body).toContain('pnpm --filter @leakwatch/dashboard build');
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/app-1a2b.js' })).statusCode).toBe(404);
  });
});
