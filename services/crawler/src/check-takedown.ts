import type { BrowserContextOptions, Page } from 'playwright-core';
import { takedownSlotDone } from '@leakwatch/crawl-policy';
import type {
  MonitoringAccount,
  NewTakedownCheck,
  Repositories,
  TakedownCounts,
  TakedownPost,
} from '@leakwatch/db';
import { classifyPermalinkAnswer, type PermalinkVerdict } from '@leakwatch/facebook';
import { outboxRows } from '@leakwatch/incidents';
import type { LogSink } from '@leakwatch/observability';
import type { SealingKey } from '@leakwatch/sealing';
import { openStorageState } from '@leakwatch/sources';
import { guardBrowserEgress } from './browser-egress.js';
import type { BrowserPool } from './browser-pool.js';
import { usable } from './crawl-source.js';

export interface CheckTakedownDependencies {
  repos: Pick<Repositories, 'takedownChecks' | 'sources' | 'monitoringAccounts' | 'rules'>;
  /** Keys that open monitoring accounts' sealed cookies (absent: accounts are not used). */
  accountKeys?: readonly SealingKey[];
  /** The crawl worker's per-account lock and hourly limit; 'account-busy' when refused. */
  withAccountLock?: <T>(accountId: string, run: () => Promise<T>) => Promise<T | 'account-busy'>;
  browsers: BrowserPool;
  /** `host:port` entries a post's page may reach although private (IMAGE_FETCH_ALLOW). */
  egressAllowList?: ReadonlySet<string>;
  log: LogSink;
  /** Where the dashboard is, for the links in `removed` notifications. */
  publicUrl: string;
  random?: () => number;
}

export interface CheckTakedownOptions {
  /** Pause between two permalinks in one visit, drawn uniformly (default 0.8–2.5 s). */
  pauseMs?: readonly [number, number];
  /** How long one permalink may take to answer (default 30 s). */
  navigationTimeoutMs?: number;
}

export type CheckTakedownResult =
  | { status: 'skipped'; reason: string }
  | { status: 'done'; counts: TakedownCounts; removed: boolean };

type Verdict = PermalinkVerdict & { postId: string; url: string | null; checkedAt: Date };

/**
 * One takedown-verification pass over an incident: opens the permalink of every post of its
 * sightings not yet found gone in this round, classifies each answer, and records the pass
 * (moving the incident to `removed`, with its notifications, once every post is gone). Walls,
 * blocks and errors are recorded as `unreachable`, never as gone.
 */
export async function checkTakedown(
  deps: CheckTakedownDependencies,
  job: { incidentId: string; slot: number },
  options: CheckTakedownOptions = {},
): Promise<CheckTakedownResult> {
  const startedAt = new Date();
  const subject = await deps.repos.takedownChecks.subject(job.incidentId);
  if (!subject) return { status: 'skipped', reason: 'the incident no longer exists' };
  if (subject.status !== 'takedown_requested' || !subject.takedownRequestedAt)
    return { status: 'skipped', reason: `the incident is ${subject.status}` };
  if (takedownSlotDone(job.slot, subject.lastCheckedAt))
    return { status: 'skipped', reason: 'this pass was already recorded' };
  const requestedAt = subject.takedownRequestedAt;

  const posts = await deps.repos.takedownChecks.postsOf(job.incidentId, requestedAt);
  const bySource = new Map<string, TakedownPost[]>();
  for (const post of posts) {
    if (post.lastOutcome === 'gone') continue;
    bySource.set(post.sourceId, [...(bySource.get(post.sourceId) ?? []), post]);
  }
  const checks: NewTakedownCheck[] = [];
  for (const [sourceId, sourcePosts] of bySource) {
    const verdicts = await checkSourcePosts(deps, sourceId, sourcePosts, options);
    checks.push(
      ...verdicts.map((verdict) => ({
        postId: verdict.postId,
        url: verdict.url,
        outcome: verdict.outcome,
        detail: verdict.detail.slice(0, 2_000),
        checkedAt: verdict.checkedAt,
      })),
    );
  }

  const routing = await deps.repos.rules.routingAt(new Date());
  const result = await deps.repos.takedownChecks.recordPass(
    job.incidentId,
    { requestedAt, startedAt, checks },
    (incident, document) =>
      outboxRows(
        'removed',
        incident,
        document,
        routing,
        deps.publicUrl,
        incident.updatedAt.toISOString(),
      ),
  );
  if (!result.recorded) return { status: 'skipped', reason: result.reason };
  return { status: 'done', counts: result.counts, removed: result.removed !== null };
}

/**
 * The posts of one source, in one browser context: without the account first (public content
 * needs none), with the source's monitoring account for what met its login wall — or straight
 * away when the source's crawls already need it. A gone answer seen logged out is confirmed
 * with the account too, since Facebook shows the same page for content only members may see.
 */
async function checkSourcePosts(
  deps: CheckTakedownDependencies,
  sourceId: string,
  posts: readonly TakedownPost[],
  options: CheckTakedownOptions,
): Promise<Verdict[]> {
  const source = await deps.repos.sources.findById(sourceId);
  const unreachable = (post: TakedownPost, detail: string): Verdict => ({
    postId: post.postId,
    url: post.permalink,
    outcome: 'unreachable',
    wall: 'error',
    detail,
    checkedAt: new Date(),
  });
  const blockedUntil = source?.blockedUntil;
  if (blockedUntil && blockedUntil > new Date())
    // A block is waited out: nothing reaches the site before (docs/crawling.md).
    return posts.map((post) =>
      unreachable(post, `not visited: the source is blocked until ${blockedUntil.toISOString()}`),
    );
  const withLink = posts.filter((post) => post.permalink !== null);
  const verdicts = posts
    .filter((post) => post.permalink === null)
    .map((post) => unreachable(post, 'no permalink was stored for this post'));
  if (withLink.length === 0) return verdicts;

  const account = source?.accountId
    ? await deps.repos.monitoringAccounts.findById(source.accountId)
    : undefined;
  const accountReady = usable(account, new Date()) && deps.accountKeys !== undefined;
  const first =
    accountReady && source?.state === 'login_required'
      ? withLink.map((post) => unreachable(post, 'login required'))
      : await visitPermalinks(deps, withLink, options, {});
  const needAccount = (verdict: Verdict) =>
    (verdict.outcome === 'unreachable' && verdict.wall === 'login_required') ||
    verdict.outcome === 'gone' ||
    (accountReady && source?.state === 'login_required');
  const again = withLink.filter((_, index) => {
    const verdict = first[index];
    return verdict !== undefined && needAccount(verdict);
  });
  if (!accountReady || again.length === 0) return [...verdicts, ...first];

  const keys = deps.accountKeys ?? [];
  const run = () =>
    visitPermalinks(deps, again, options, {
      storageState: openStorageState(account.storageStateCiphertext ?? Buffer.alloc(0), keys),
      ...(account.proxyUrl ? { proxy: { server: account.proxyUrl } } : {}),
    });
  const withAccount = deps.withAccountLock
    ? await deps.withAccountLock(account.id, run)
    : await run();
  if (withAccount === 'account-busy') {
    // What could not be confirmed stays unconfirmed: a gone seen only logged out is not proof.
    return [
      ...verdicts,
      ...first.map((verdict) =>
        needAccount(verdict)
          ? {
              ...verdict,
              outcome: 'unreachable' as const,
              wall: 'login_required' as const,
              detail: `${verdict.detail}; not confirmed with the monitoring account (busy or at its hourly limit)`,
            }
          : verdict,
      ),
    ];
  }
  await recordAccountUse(deps, account, withAccount);
  const confirmed = new Map(withAccount.map((verdict) => [verdict.postId, verdict]));
  return [...verdicts, ...first.map((verdict) => confirmed.get(verdict.postId) ?? verdict)];
}

/** What the account met: a wall or block holds it, as a crawl's would (crawl-source.ts). */
async function recordAccountUse(
  deps: CheckTakedownDependencies,
  account: MonitoringAccount,
  verdicts: readonly Verdict[],
): Promise<void> {
  const wall = verdicts.find(
    (verdict) => verdict.outcome === 'unreachable' && verdict.wall !== 'error',
  );
  if (wall?.outcome === 'unreachable' && wall.wall !== 'error') {
    await deps.repos.monitoringAccounts.recordUse(account.id, {
      state: wall.wall,
      stateUntil: wall.wall === 'blocked' ? new Date(Date.now() + 6 * 3_600_000) : null,
      lastError: wall.detail,
    });
    return;
  }
  if (verdicts.some((verdict) => verdict.outcome !== 'unreachable'))
    await deps.repos.monitoringAccounts.recordUse(account.id, {
      state: 'healthy',
      stateUntil: null,
      lastError: null,
    });
}

/** Opens each permalink in turn in one context; stops at a checkpoint or block. */
async function visitPermalinks(
  deps: CheckTakedownDependencies,
  posts: readonly TakedownPost[],
  options: CheckTakedownOptions,
  contextOptions: BrowserContextOptions,
): Promise<Verdict[]> {
  return deps.browsers.withContext(contextOptions, async (context) => {
    await guardBrowserEgress(context, {
      trustedUrls: posts.flatMap((post) => (post.permalink ? [post.permalink] : [])),
      allowList: deps.egressAllowList ?? new Set(),
      log: deps.log,
    });
    const page = await context.newPage();
    const verdicts: Verdict[] = [];
    let stoppedBy: string | undefined;
    for (const [index, post] of posts.entries()) {
      const url = post.permalink ?? '';
      if (stoppedBy) {
        verdicts.push({
          postId: post.postId,
          url,
          outcome: 'unreachable',
          wall: 'blocked',
          detail: `not visited: ${stoppedBy} earlier in this pass`,
          checkedAt: new Date(),
        });
        continue;
      }
      if (index > 0) await pause(page, options, deps.random ?? Math.random);
      const verdict = await openPermalink(page, post, options);
      verdicts.push(verdict);
      deps.log.info(
        { postId: post.postId, outcome: verdict.outcome, detail: verdict.detail },
        'takedown check',
      );
      // Going on behind a checkpoint or a block would only make it worse.
      if (
        verdict.outcome === 'unreachable' &&
        (verdict.wall === 'checkpoint' || verdict.wall === 'blocked')
      )
        stoppedBy = `${verdict.wall} (${verdict.detail})`;
    }
    return verdicts;
  });
}

async function openPermalink(
  page: Page,
  post: TakedownPost,
  options: CheckTakedownOptions,
): Promise<Verdict> {
  const url = post.permalink ?? '';
  const checkedAt = new Date();
  try {
    const response = await page.goto(url, {
      waitUntil: 'domcontentloaded',
      timeout: options.navigationTimeoutMs ?? 30_000,
    });
    const verdict = classifyPermalinkAnswer({
      fbPostId: post.fbPostId,
      status: response?.status() ?? null,
      url: page.url(),
      html: await page.content(),
    });
    return { ...verdict, postId: post.postId, url, checkedAt };
  } catch (error) {
    const verdict = classifyPermalinkAnswer({
      fbPostId: post.fbPostId,
      status: null,
      url,
      html: '',
      error: error instanceof Error ? error.message.split('\n')[0] : String(error),
    });
    return { ...verdict, postId: post.postId, url, checkedAt };
  }
}

function pause(page: Page, options: CheckTakedownOptions, random: () => number): Promise<void> {
  const [low, high] = options.pauseMs ?? [800, 2_500];
  return page.waitForTimeout(low + random() * (high - low));
}
