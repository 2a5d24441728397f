import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTcpProxy, useTestDatabase, type TcpProxy } from '@leakwatch/testkit';
import { createDatabase, isDatabaseUnavailable, type DatabaseHandle } from '../src/index.js';

const testDb = useTestDatabase();
let proxy: TcpProxy;
let proxied: DatabaseHandle;

beforeAll(async () => {
  const url = new URL(testDb().url);
  proxy = await startTcpProxy({ target: { host: url.hostname, port: Number(url.port || 5432) } });
  proxied = createDatabase(proxy.urlThrough(testDb().url), { max: 2 });
});

afterAll(async () => {
  await proxied.close();
  await proxy.close();
});

/** The error `promise` rejects with (failing the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the database call to fail'),
    (error: unknown) => error,
  );
}

describe('isDatabaseUnavailable', () => {
  it('recognises a server nothing listens on', async () => {
    const url = new URL(testDb().url);
    url.port = String(await freePort());
    const nowhere = createDatabase(url.toString(), { max: 1 });
    try {
      const error = await failure(nowhere.db.execute(sql`select 1`));
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await nowhere.close();
    }
  });

  it('recognises connections lost mid-transaction and refused while cut, without crashing the process', async () => {
    await proxied.db.execute(sql`select 1`);
    // The connection drops while the transaction holds it between two queries: the pool does
    // not listen to a checked-out client, and an unhandled 'error' event would end the process
    // (vitest reports it as an unhandled error).
    const transaction = proxied.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.execute(sql`select 2`);
    });
    expect(isDatabaseUnavailable(await failure(transaction))).toBe(true);
    expect(isDatabaseUnavailable(await failure(proxied.db.execute(sql`select 1`)))).toBe(true);

    proxy.restore();
    const { rows } = await proxied.db.execute<{ answer: number }>(sql`select 42 as answer`);
    expect(rows).toEqual([{ answer: 42 }]);
  });

  it('recognises a server terminating the session (57P01, as in a restart)', async () => {
    const { handle } = testDb();
    const error = await failure(
      handle.db.execute(sql`select pg_terminate_backend(pg_backend_pid())`),
    );
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('57P01');
    expect(isDatabaseUnavailable(error)).toBe(true);
    // The pool replaces the terminated connection by itself.
    await handle.db.execute(sql`select 1`);
  });

  it('recognises the other shutdown states and connection exceptions, also inside AggregateError', () => {
    const serverError = (code: string) =>
      Object.assign(new pg.DatabaseError('FATAL', 0, 'error'), { code });
    expect(isDatabaseUnavailable(serverError('57P03'))).toBe(true);
    expect(isDatabaseUnavailable(serverError('08006'))).toBe(true);
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(isDatabaseUnavailable(new AggregateError([refused]))).toBe(true);
  });

  it('does not mistake a failing query or another error for an outage', async () => {
    const { handle } = testDb();
    expect(
      isDatabaseUnavailable(await failure(handle.db.execute(sql`select nonsense from nowhere`))),
    ).toBe(false);
    expect(isDatabaseUnavailable(await failure(handle.db.execute(sql`select 1 / 0`)))).toBe(false);
    const looping: { message: string; cause?: unknown } = { message: 'a cause that loops' };
    looping.cause = looping;
    for (const other of [new Error('boom'), looping, 'ECONNRESET', null, undefined])
      expect(isDatabaseUnavailable(other)).toBe(false);
  });
});
