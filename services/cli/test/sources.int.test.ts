import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisConnection, QueueClient } from '@leakwatch/queue';
import { useTestDatabase } from '@leakwatch/testkit';
import { cliAgainst, runLeakwatch } from './support/leakwatch-cli.js';

const testDb = useTestDatabase();
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-sources-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const leakwatch = cliAgainst(
  () => testDb().url,
  inject('leakwatch').redisUrl,
  () => path.join(dir, 'data'),
);

interface SourceLine {
  id: string;
  kind: string;
  url: string;
  canonicalKey: string;
  state: string;
  paused: boolean;
  cadenceMinutes: number;
}

describe('leakwatch sources', () => {
  it('adds sources, reports each address, and fails only for the bad one', async () => {
    const added = await leakwatch(
      'sources',
      'add',
      'https://www.facebook.com/groups/CongDongDaLat/',
      'https://zalo.me/g/abc',
      'facebook.com/groups/congdongdalat?ref=bookmarks',
      '--cadence',
      '45',
      '--json',
    );
    expect(added.code).toBe(1);
    expect(added.lines).toHaveLength(3);
    const [first, refused, again] = added.lines as [
      { created: boolean; source: SourceLine },
      { url: string; error: { code: string; message: string } },
      { created: boolean; source: SourceLine },
    ];
    expect(first).toMatchObject({
      created: true,
      source: { kind: 'group', canonicalKey: 'group:congdongdalat', cadenceMinutes: 45 },
    });
    expect(refused).toMatchObject({
      url: 'https://zalo.me/g/abc',
      error: { code: 'LW_SOURCE_URL_INVALID' },
    });
    expect(again).toMatchObject({ created: false, source: { id: first.source.id } });
    expect((await testDb().repos.sources.list()).map((s) => s.canonicalKey)).toEqual([
      'group:congdongdalat',
    ]);
  });

  it('lists, pauses, resumes and removes, in JSON lines with stable fields', async () => {
    const { source } = await testDb().repos.sources.upsert({
      kind: 'page',
      url: 'https://www.facebook.com/SoYTeLamDong',
      canonicalKey: 'page:soytelamdong',
    });
    const listed = await leakwatch('sources', 'list', '--json');
    expect(listed.code).toBe(0);
    const line = (listed.lines as unknown as SourceLine[]).find((l) => l.id === source.id);
    expect(Object.keys(line ?? {}).sort()).toEqual(
      [
        'id',
        'kind',
        'url',
        'canonicalKey',
        'name',
        'cadenceMinutes',
        'state',
        'paused',
        'failureCount',
        'lastError',
        'blockedUntil',
        'lastCrawledAt',
        'nextCrawlAt',
        'accountId',
        'createdAt',
      ].sort(),
    );
    expect((await leakwatch('sources', 'pause', source.id, '--json')).lines[0]).toMatchObject({
      paused: true,
    });
    expect((await leakwatch('sources', 'resume', source.id, '--json')).lines[0]).toMatchObject({
      paused: false,
    });
    expect((await leakwatch('sources', 'remove', source.id)).code).toBe(0);
    const after = await leakwatch('sources', 'list', '--json');
    expect(after.lines.map((l) => l['id'])).not.toContain(source.id);
    const bad = await leakwatch('sources', 'pause', 'not-an-id');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a source id');
  });

  it('queues a crawl on request', async () => {
    const { source } = await testDb().repos.sources.upsert({
      kind: 'group',
      url: 'https://www.facebook.com/groups/baoloc',
      canonicalKey: 'group:baoloc',
    });
    const prefix = `lwt-cli-${randomBytes(4).toString('hex')}`;
    const run = await runLeakwatch(
      {
        DATABASE_URL: testDb().url,
        REDIS_URL: inject('leakwatch').redisUrl,
        LEAKWATCH_DATA_DIR: path.join(dir, 'data'),
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'warn',
      },
      ['sources', 'crawl', source.id, '--json'],
    );
    expect(run.code).toBe(0);
    const connection = createRedisConnection(inject('leakwatch').redisUrl, 'producer');
    const client = new QueueClient(connection, prefix);
    const queue = client.queue('crawl');
    try {
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((job) => job.data as unknown)).toEqual([
        expect.objectContaining({ sourceId: source.id, reason: 'manual' }),
      ]);
    } finally {
      await queue.obliterate({ force: true });
      await client.close();
      await connection.quit();
    }
  });
});

describe('leakwatch accounts', () => {
  it('adds an account from a storage-state file without ever printing its cookies', async () => {
    const file = path.join(dir, 'state.json');
    await writeFile(
      file,
      JSON.stringify({
        cookies: [
          { name: 'c_user', value: '100091234567', domain: '.facebook.com', path: '/' },
          { name: 'xs', value: 'bi-mat-khong-in-ra', domain: '.facebook.com', path: '/' },
        ],
        origins: [],
      }),
    );
    const added = await leakwatch(
      'accounts',
      'add',
      '--label',
      'Giám sát 1',
      '--storage-state',
      file,
      '--json',
    );
    expect(added.code).toBe(0);
    expect(added.stdout + added.stderr).not.toContain('bi-mat-khong-in-ra');
    const account = added.lines[0] as { id: string; hasStorageState: boolean; state: string };
    expect(account).toMatchObject({ hasStorageState: true, state: 'pending' });

    const { source } = await testDb().repos.sources.upsert({
      kind: 'group',
      url: 'https://www.facebook.com/groups/nhomkin',
      canonicalKey: 'group:nhomkin',
    });
    const assigned = await leakwatch('sources', 'set-account', source.id, 'Giám sát 1', '--json');
    expect(assigned.lines[0]).toMatchObject({ accountId: account.id });
    const listed = await leakwatch('accounts', 'list', '--json');
    expect(listed.lines.map((line) => line['label'])).toEqual(['Giám sát 1']);
    expect(listed.stdout).not.toContain('bi-mat-khong-in-ra');

    const badJson = path.join(dir, 'bad.json');
    await writeFile(badJson, '{"cookies": [');
    const bad = await leakwatch('accounts', 'add', '--label', 'x', '--storage-state', badJson);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not JSON');
    const missing = await leakwatch(
      'accounts',
      'add',
      '--label',
      'x',
      '--storage-state',
      path.join(dir, 'none.json'),
    );
    expect(missing.code).toBe(1);
    expect((await leakwatch('sources', 'set-account', source.id, 'không-có')).code).toBe(1);

    expect((await leakwatch('accounts', 'remove', account.id)).code).toBe(0);
    expect((await testDb().repos.sources.findById(source.id))?.accountId).toBeNull();
  });
});
