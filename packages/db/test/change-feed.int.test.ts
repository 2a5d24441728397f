import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '@leakwatch/testkit';
import { openChangeFeed, type WatchedTable } from '../src/index.js';

const testDb = useTestDatabase();

/** Waits until `check` holds, or fails after five seconds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('change feed', () => {
  it('names changed tables at commit, says nothing of a rollback, and asks for a resync after losing its connection', async () => {
    const { url, handle, repos } = testDb();
    const applicationName = `feed-${randomUUID().slice(0, 8)}`;
    const feed = openChangeFeed(url, { retryMs: 50, applicationName });
    const heard: (WatchedTable | 'resync')[] = [];
    const unsubscribe = feed.subscribe((change) => heard.push(change));
    try {
      // The LISTEN has returned (the connection is idle after it): changes from now on are heard.
      const listening = async () => {
        const { rows } = await handle.pool.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where application_name = $1 and query like 'LISTEN%' and state = 'idle'",
          [applicationName],
        );
        return (rows[0]?.n ?? 0) > 0;
      };
      await until(listening, 'the LISTEN');

      await repos.sources.upsert({
        kind: 'group',
        url: 'https://www.facebook.com/groups/thongbao-lamdong',
        canonicalKey: 'group:thongbao-lamdong',
      });
      await until(() => heard.includes('sources'), 'the sources change');

      const client = await handle.pool.connect();
      try {
        await client.query('begin');
        await client.query(
          "insert into sources (kind, url, canonical_key) values ('group', 'https://www.facebook.com/groups/x', 'group:x')",
        );
        await client.query('rollback');
      } finally {
        client.release();
      }
      heard.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toEqual([]);

      // The database drops the listening connection (as in a restart): it comes back, and says so.
      await handle.pool.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
        [applicationName],
      );
      await until(() => heard.includes('resync'), 'the resync after reconnecting');
      await repos.sources.upsert({
        kind: 'page',
        url: 'https://www.facebook.com/soyte.lamdong',
        canonicalKey: 'page:soyte.lamdong',
      });
      await until(() => heard.includes('sources'), 'a change after reconnecting');
    } finally {
      unsubscribe();
      await feed.close();
    }
  });
});
