import { sql, type SQL } from 'drizzle-orm';

/**
 * Advisory locks on blob keys, so that a retention run never deletes bytes a crawl is storing
 * again at that moment. A crawl holds its keys shared (crawls never wait for each other) from
 * writing the bytes until its sightings are committed; a retention run tries each key
 * exclusively, skips the busy ones, and judges and deletes only what it holds. The first
 * argument is a class of our own; the second the key's hash (a collision only serialises two
 * keys, it never lets one through).
 */
const blobLockClass = 0x4c57_0b10;

/** Waits for a shared lock on every key, held until the transaction ends. */
export function lockBlobsShared(keys: readonly string[]): SQL {
  return sql`select pg_advisory_xact_lock_shared(${blobLockClass}, hashtext(k))
    from (select distinct k from unnest(${sql.param([...keys])}::text[]) as k) as keys`;
}

/** The keys among these whose exclusive lock was free (now held until the transaction ends). */
export function tryLockBlobsExclusive(keys: readonly string[]): SQL {
  return sql`select k as blob_key
    from (select distinct k from unnest(${sql.param([...keys])}::text[]) as k) as keys
    where pg_try_advisory_xact_lock(${blobLockClass}, hashtext(k))
    order by k`;
}
