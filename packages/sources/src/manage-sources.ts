import type { NewAuditEntry, Repositories, Source } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { parseSourceUrl } from '@leakwatch/facebook';
import type { QueueClient } from '@leakwatch/queue';

export type SourceActor = Pick<NewAuditEntry, 'actorType' | 'actorId' | 'requestId' | 'ip'>;

export interface AddSourceInput {
  url: string;
  name?: string | null;
  cadenceMinutes?: number;
  paused?: boolean;
}

export interface SourceChange {
  name?: string | null;
  cadenceMinutes?: number;
  paused?: boolean;
  accountId?: string | null;
}

/** A source as the API and `leakwatch sources list --json` show it; field names are stable. */
export interface SourceView {
  id: string;
  kind: Source['kind'];
  url: string;
  canonicalKey: string;
  name: string | null;
  cadenceMinutes: number;
  state: Source['state'];
  paused: boolean;
  failureCount: number;
  lastError: string | null;
  blockedUntil: string | null;
  lastCrawledAt: string | null;
  nextCrawlAt: string | null;
  accountId: string | null;
  createdAt: string;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function sourceView(source: Source): SourceView {
  return {
    id: source.id,
    kind: source.kind,
    url: source.url,
    canonicalKey: source.canonicalKey,
    name: source.name,
    cadenceMinutes: Math.round(source.cadenceSeconds / 60),
    state: source.state,
    paused: source.paused,
    failureCount: source.failureCount,
    lastError: source.lastError,
    blockedUntil: iso(source.blockedUntil),
    lastCrawledAt: iso(source.lastCrawledAt),
    nextCrawlAt: iso(source.nextCrawlAt),
    accountId: source.accountId,
    createdAt: source.createdAt.toISOString(),
  };
}

/** Below this, a group notices; above a week, a leak spreads unseen. */
const cadenceLimits = { min: 5, max: 7 * 24 * 60 };

function checkCadence(minutes: number | undefined): void {
  if (minutes === undefined) return;
  if (!Number.isInteger(minutes) || minutes < cadenceLimits.min || minutes > cadenceLimits.max)
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: {
        problems: `cadence: between ${cadenceLimits.min} minutes and ${cadenceLimits.max} minutes (a week), got ${minutes}`,
      },
    });
}

/**
 * Adds a page, group or single post to watch (or returns the one already watched at that
 * address, in whatever spelling). New sources are crawled at the next dispatch.
 */
export async function addSource(
  repos: Pick<Repositories, 'sources' | 'audit'>,
  input: AddSourceInput,
  actor: SourceActor & { userId?: string | null },
  options: { extraOrigins: readonly string[] },
): Promise<{ source: Source; created: boolean }> {
  const parsed = parseSourceUrl(input.url, { extraOrigins: options.extraOrigins });
  if (!parsed.ok)
    throw new LeakWatchError('LW_SOURCE_URL_INVALID', { params: { reason: parsed.reason } });
  checkCadence(input.cadenceMinutes);
  const { userId, ...auditActor } = actor;
  const result = await repos.sources.upsert({
    ...parsed.target,
    name: input.name ?? null,
    // Single posts are read once; the cadence matters for pages and groups.
    cadenceSeconds: (input.cadenceMinutes ?? 30) * 60,
    paused: input.paused ?? false,
    nextCrawlAt: new Date(),
    createdBy: userId ?? null,
  });
  if (result.created)
    await repos.audit.append({
      ...auditActor,
      action: 'source.added',
      targetType: 'source',
      targetId: result.source.id,
      details: { url: result.source.url, kind: result.source.kind },
    });
  return result;
}

export async function changeSource(
  repos: Pick<Repositories, 'sources' | 'audit' | 'monitoringAccounts'>,
  id: string,
  change: SourceChange,
  actor: SourceActor,
): Promise<Source> {
  checkCadence(change.cadenceMinutes);
  if (change.accountId && !(await repos.monitoringAccounts.findById(change.accountId)))
    throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The monitoring account' } });
  const updated = await repos.sources.update(id, {
    ...(change.name === undefined ? {} : { name: change.name }),
    ...(change.cadenceMinutes === undefined ? {} : { cadenceSeconds: change.cadenceMinutes * 60 }),
    ...(change.paused === undefined ? {} : { paused: change.paused }),
    ...(change.accountId === undefined ? {} : { accountId: change.accountId }),
  });
  if (!updated) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The source' } });
  await repos.audit.append({
    ...actor,
    action:
      change.paused === true
        ? 'source.paused'
        : change.paused === false
          ? 'source.resumed'
          : 'source.changed',
    targetType: 'source',
    targetId: id,
    details: { ...change },
  });
  return updated;
}

/** Stops watching; what was captured stays (evidence outlives the watch). */
export async function removeSource(
  repos: Pick<Repositories, 'sources' | 'audit'>,
  id: string,
  actor: SourceActor,
): Promise<Source> {
  const result = await repos.sources.remove(id);
  if (!result) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The source' } });
  if (result.changed)
    await repos.audit.append({
      ...actor,
      action: 'source.removed',
      targetType: 'source',
      targetId: id,
      details: { url: result.source.url },
    });
  return result.source;
}

/**
 * Queues a crawl now (officer request, takedown check). Requests within the same minute share
 * one job, so repeated clicks crawl once.
 */
export async function requestCrawl(
  queue: Pick<QueueClient, 'enqueue'>,
  source: Source,
  reason: 'manual' | 'takedown-check',
): Promise<{ jobId: string }> {
  if (source.removedAt)
    throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The source' } });
  return queue.enqueue('crawl-source', {
    sourceId: source.id,
    reason,
    slot: Math.floor(Date.now() / 60_000) * 60_000,
  });
}
