import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import { recordSighting, storeImage, useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let admin: User;
let officer: User;

beforeAll(async () => {
  const { repos } = testDb();
  api = await startApi(repos, { FACEBOOK_BASE_URL: 'http://127.0.0.1:4999' });
  admin = await createUser(repos, 'admin');
  officer = await createUser(repos, 'officer');
});
afterAll(async () => {
  await api.close();
});

async function call(
  user: User,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
) {
  const response = await api.app.inject({
    method,
    url,
    headers: await sessionHeaders(testDb().repos, user),
    ...(payload ? { payload } : {}),
  });
  const body = response.body === '' ? {} : response.json<Record<string, unknown>>();
  return { status: response.statusCode, body };
}

describe('/api/sources', () => {
  it('adds a group once however its address is spelt, and lists it with its state', async () => {
    const first = await call(admin, 'POST', '/api/sources', {
      url: 'https://m.facebook.com/groups/CongDongBaoLoc/?ref=share',
      name: 'Cộng đồng Bảo Lộc',
      cadenceMinutes: 60,
    });
    expect(first.status).toBe(201);
    expect(first.body['source']).toMatchObject({
      kind: 'group',
      canonicalKey: 'group:congdongbaoloc',
      url: 'https://www.facebook.com/groups/CongDongBaoLoc',
      name: 'Cộng đồng Bảo Lộc',
      cadenceMinutes: 60,
      state: 'pending',
      paused: false,
    });
    const again = await call(admin, 'POST', '/api/sources', {
      url: 'facebook.com/groups/congdongbaoloc',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false });
    const list = await call(admin, 'GET', '/api/sources');
    const sources = list.body['sources'] as { canonicalKey: string }[];
    expect(sources.filter((s) => s.canonicalKey === 'group:congdongbaoloc')).toHaveLength(1);
    const audit = await testDb().repos.audit.list({ action: 'source.added' });
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('accepts the configured simulator origin and refuses other sites with a reason', async () => {
    const sim = await call(admin, 'POST', '/api/sources', {
      url: 'http://127.0.0.1:4999/groups/demo-group',
    });
    expect(sim.status).toBe(201);
    const zalo = await call(admin, 'POST', '/api/sources', { url: 'https://zalo.me/g/xyz' });
    expect(zalo.status).toBe(400);
    expect(zalo.body).toMatchObject({ code: 'LW_SOURCE_URL_INVALID' });
    expect(String(zalo.body['detail'])).toContain('zalo.me is not Facebook');
    const tooFast = await call(admin, 'POST', '/api/sources', {
      url: 'https://www.facebook.com/SoYTeLamDong',
      cadenceMinutes: 1,
    });
    expect(tooFast.status).toBe(400);
  });

  it('pauses, resumes and removes a source, keeping removed ones out of the list', async () => {
    const created = await call(admin, 'POST', '/api/sources', {
      url: 'https://www.facebook.com/profile.php?id=100064512345678',
    });
    const id = (created.body['source'] as { id: string }).id;
    const paused = await call(admin, 'PATCH', `/api/sources/${id}`, { paused: true });
    expect(paused.body['source']).toMatchObject({ paused: true });
    expect((await call(admin, 'PATCH', `/api/sources/${id}`, {})).status).toBe(400);
    const removed = await call(admin, 'DELETE', `/api/sources/${id}`);
    expect(removed.status).toBe(200);
    const listed = await call(admin, 'GET', '/api/sources');
    expect((listed.body['sources'] as { id: string }[]).map((s) => s.id)).not.toContain(id);
    const all = await call(admin, 'GET', '/api/sources?includeRemoved=true');
    expect((all.body['sources'] as { id: string }[]).map((s) => s.id)).toContain(id);
    expect((await call(admin, 'PATCH', `/api/sources/${id}`, { paused: false })).status).toBe(404);
    expect((await call(admin, 'POST', `/api/sources/${id}/crawl`)).status).toBe(404);
    const actions = (await testDb().repos.audit.list({ targetId: id })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['source.added', 'source.paused', 'source.removed']),
    );
  });

  it('lets an officer hand over one post for capture, but not a whole group', async () => {
    const post = await call(officer, 'POST', '/api/sources/post', {
      url: 'https://www.facebook.com/groups/congdongdalat/posts/1234567890123/',
    });
    expect(post.status).toBe(202);
    expect(post.body).toMatchObject({ source: { kind: 'post' } });
    expect(String(post.body['jobId'])).toMatch(/^crawl-source-/);
    const group = await call(officer, 'POST', '/api/sources/post', {
      url: 'https://www.facebook.com/groups/congdongdalat',
    });
    expect(group.status).toBe(400);
  });
});

describe('/api/monitoring-accounts', () => {
  const storageState = {
    cookies: [
      { name: 'c_user', value: '100091234567', domain: '.facebook.com', path: '/' },
      { name: 'xs', value: '35%3Akhong-duoc-lo', domain: '.facebook.com', path: '/' },
    ],
    origins: [],
  };

  it('takes cookies in, seals them, never shows them, and assigns the account to a source', async () => {
    const created = await call(admin, 'POST', '/api/monitoring-accounts', {
      label: 'Tài khoản giám sát Sở Y tế',
      storageState,
    });
    expect(created.status).toBe(201);
    const account = created.body['account'] as Record<string, unknown>;
    expect(account).toMatchObject({ state: 'pending', hasStorageState: true });
    expect(JSON.stringify(created.body)).not.toContain('khong-duoc-lo');
    const stored = await testDb().repos.monitoringAccounts.findById(String(account['id']));
    expect(stored?.storageStateCiphertext?.includes(Buffer.from('khong-duoc-lo'))).toBe(false);
    const listed = await call(admin, 'GET', '/api/monitoring-accounts');
    expect(JSON.stringify(listed.body)).not.toContain('khong-duoc-lo');

    const duplicate = await call(admin, 'POST', '/api/monitoring-accounts', {
      label: 'Tài khoản giám sát Sở Y tế',
      storageState,
    });
    expect(duplicate.status).toBe(409);
    const empty = await call(admin, 'POST', '/api/monitoring-accounts', {
      label: 'Không có cookie',
      storageState: { cookies: [], origins: [] },
    });
    expect(empty.status).toBe(400);

    const source = await call(admin, 'POST', '/api/sources', {
      url: 'https://www.facebook.com/groups/nhomkin',
    });
    const sourceId = (source.body['source'] as { id: string }).id;
    const assigned = await call(admin, 'PATCH', `/api/sources/${sourceId}`, {
      accountId: account['id'],
    });
    expect(assigned.body['source']).toMatchObject({ accountId: account['id'] });
    const unknown = await call(admin, 'PATCH', `/api/sources/${sourceId}`, {
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);

    expect(
      (await call(admin, 'DELETE', `/api/monitoring-accounts/${String(account['id'])}`)).status,
    ).toBe(204);
    const after = await testDb().repos.sources.findById(sourceId);
    expect(after?.accountId).toBeNull();
  });
});

describe('/api/sources findings', () => {
  it('lists with each source the posts and distinct images found and when it was last crawled', async () => {
    const { repos } = testDb();
    const groupKey = 'tinnongbaoloc';
    const f1List = await storeImage(repos);
    const quarantineDecision = await storeImage(repos);
    // The same photo posted twice in the group is one image found, in two posts.
    const { source } = await recordSighting(repos, f1List, { groupKey });
    await recordSighting(repos, f1List, { groupKey });
    await recordSighting(repos, quarantineDecision, { groupKey });
    const crawledAt = new Date('2026-03-02T01:30:00Z');
    await repos.sources.recordCrawl(source.id, {
      state: 'login_required',
      failureCount: 1,
      nextCrawlAt: new Date('2026-03-02T07:30:00Z'),
      blockedUntil: null,
      lastError: 'login wall',
      crawledAt,
    });
    const quiet = await call(admin, 'POST', '/api/sources', {
      url: 'https://www.facebook.com/groups/khongcobai',
    });
    const quietId = (quiet.body['source'] as { id: string }).id;
    // The single-source answers keep the shape `sources list --json` prints.
    expect(quiet.body['source']).not.toHaveProperty('postsFound');

    const list = await call(admin, 'GET', '/api/sources');
    expect(list.status).toBe(200);
    const byId = new Map(
      (list.body['sources'] as Record<string, unknown>[]).map((s) => [String(s['id']), s]),
    );
    expect(byId.get(source.id)).toMatchObject({
      state: 'login_required',
      lastError: 'login wall',
      lastCrawledAt: crawledAt.toISOString(),
      postsFound: 3,
      imagesFound: 2,
    });
    expect(byId.get(quietId)).toMatchObject({ postsFound: 0, imagesFound: 0, lastCrawledAt: null });
  });
});
