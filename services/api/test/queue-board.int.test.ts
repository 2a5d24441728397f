import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@leakwatch/browser';
import type { User } from '@leakwatch/db';
import { QueueClient } from '@leakwatch/queue';
import { useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi, tokenHeaders } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let admin: User;
let officer: User;

beforeAll(async () => {
  api = await startApi(testDb().repos);
  admin = await createUser(testDb().repos, 'admin');
  officer = await createUser(testDb().repos, 'officer');
});
afterAll(async () => {
  await api.close();
});

describe('the queue board (Bull Board at /admin/queues)', () => {
  it('is for signed-in administrators only', async () => {
    const get = async (url: string, headers: Record<string, string>) =>
      (await api.app.inject({ method: 'GET', url, headers })).statusCode;
    for (const url of ['/admin/queues', '/admin/queues/api/queues']) {
      expect(await get(url, {})).toBe(401);
      expect(await get(url, await sessionHeaders(testDb().repos, officer))).toBe(403);
      const { headers } = await tokenHeaders(testDb().repos, ['alerts:read']);
      expect(await get(url, headers)).toBe(403);
      expect(await get(url, await sessionHeaders(testDb().repos, admin))).toBe(200);
    }
  });

  it('shows every queue with its jobs in a real browser, read-only', async () => {
    const { redis, config } = api.app.deps;
    const queue = new QueueClient(redis, config.queue.prefix);
    await queue.enqueue('process-image', { imageId: randomUUID() });
    await queue.close();

    const listed = await api.app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues?activeQueue=images&status=waiting&page=1&jobsPerPage=10',
      headers: await sessionHeaders(testDb().repos, admin),
    });
    const body = listed.json<{
      queues: { name: string; readOnlyMode: boolean; counts: Record<string, number> }[];
    }>();
    expect(body.queues.map((q) => q.name).sort()).toEqual(
      ['crawl', 'dead-letters', 'images', 'maintenance', 'notifications'].sort(),
    );
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    expect(body.queues.find((q) => q.name === 'images')?.counts['waiting']).toBe(1);

    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = api.app.server.address() as AddressInfo;
    const browser = await launchChromium(process.env['CHROMIUM_PATH']);
    try {
      const context = await browser.newContext();
      const { cookie } = await sessionHeaders(testDb().repos, admin);
      const [name = '', value = ''] = cookie.split('=');
      await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') blocked.push(message.text());
      });
      const response = await page.goto(`http://127.0.0.1:${port}/admin/queues`);
      expect(response?.status()).toBe(200);
      // The board is a script-rendered page: its queue list appearing proves the scripts ran
      // under the API's content security policy.
      await page.getByText('dead-letters').first().waitFor({ timeout: 20_000 });
      expect(await page.getByText('images').count()).toBeGreaterThan(0);
      // The board asks Google for a web font; the policy refuses it (nothing is fetched from the
      // internet at run time) and the system font is used. Nothing else may be refused.
      const refused = blocked.filter((text) => /Content Security Policy/i.test(text));
      expect(refused.filter((text) => !text.includes('https://fonts.googleapis.com/'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
