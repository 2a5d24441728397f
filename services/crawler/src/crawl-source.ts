import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { BlobStore } from '@leakwatch/blob-store';
import { planAfterCrawl } from '@leakwatch/crawl-policy';
import type { MonitoringAccount, Repositories, Source } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import type { LogSink } from '@leakwatch/observability';
import type { QueueClient } from '@leakwatch/queue';
import type { SealingKey } from '@leakwatch/sealing';
import type { Metrics } from '@leakwatch/metrics';
import { parseAllowList, SafeFetcher, type SafeFetchOptions } from '@leakwatch/safe-fetch';
import { openStorageState } from '@leakwatch/sources';
import { guardBrowserEgress } from './browser-egress.js';
import type { BrowserPool } from './browser-pool.js';
import { crawlFeed, type CrawlFeedOutcome, type CrawlState } from './crawl-feed.js';
import { downloadImages, imagesToFetch } from './download-images.js';
import { storeCrawl, type StoreCrawlSummary } from './store-crawl.js';

export interface CrawlSourceDependencies {
  repos: Pick<Repositories, 'sources' | 'crawlResults' | 'monitoringAccounts'>;
  /** Keys that open monitoring accounts' sealed cookies (absent: accounts are not used). */
  accountKeys?: readonly SealingKey[];
  /**
   * Keeps one account to one worker at a time and within its rate; 'account-busy' when another
   * worker holds it or it has been used enough for now.
   */
  withAccountLock?: <T>(accountId: string, run: () => Promise<T>) => Promise<T | 'account-busy'>;
  blobs: BlobStore;
  /** Counts crawls, downloads and fetch failures, and times fetches (optional). */
  metrics?: Metrics;
  /** Limits for fetching images (their URLs come from pages anyone can post to). */
  imageFetch: Omit<SafeFetchOptions, 'proxyUrl' | 'userAgent'>;
  queue: Pick<QueueClient, 'enqueueBulk'>;
  browsers: BrowserPool;
  log: LogSink;
  now?: () => Date;
  random?: () => number;
}

export interface CrawlSourceOptions {
  /** Posts read per crawl of a page or group (a one-off post reads one). */
  maxPosts: number;
  /** New posts with images that get a screenshot and HTML capture in one crawl. */
  evidencePostsPerCrawl?: number;
  pauseMs?: readonly [number, number];
  responseTimeoutMs?: number;
  /** Officer-requested crawls run even when the source is paused (never when blocked). */
  reason: 'schedule' | 'manual' | 'takedown-check';
  /** For a scheduled poll: the time it was queued for (a stale one is skipped). */
  scheduledFor?: number;
}

export type CrawlSourceResult =
  | { status: 'skipped'; reason: string }
  | {
      status: 'done';
      state: CrawlState;
      detail: string | null;
      posts: number;
      feedPages: number;
      downloadFailures: number;
      stored: Omit<StoreCrawlSummary, 'newPostsWithImages'>;
      evidence: number;
      gone: number;
      /** Whether the source's monitoring account was used (public content is read without). */
      withAccount: boolean;
      nextCrawlAt: string | null;
    };

/**
 * One crawl of one source, start to finish: read the feed (or the post), fetch its images at
 * once (their URLs expire), store posts, images and evidence, queue new images for matching,
 * and set the source's state and next crawl from how it went. A wall or block is captured
 * (HTML and screenshot) for diagnosis and backed off, never worked around.
 */
export async function crawlSource(
  deps: CrawlSourceDependencies,
  sourceId: string,
  options: CrawlSourceOptions,
): Promise<CrawlSourceResult> {
  const now = deps.now ?? (() => new Date());
  const source = await deps.repos.sources.findById(sourceId);
  if (!source) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The source' } });
  if (source.removedAt) return { status: 'skipped', reason: 'the source was removed' };
  if (source.paused && options.reason === 'schedule')
    return { status: 'skipped', reason: 'the source is paused' };
  // A poll queued for a time the source has since moved away from (its cadence changed, an
  // officer's crawl ran meanwhile) is stale: the newer schedule stands.
  if (
    options.reason === 'schedule' &&
    options.scheduledFor !== undefined &&
    source.nextCrawlAt &&
    source.nextCrawlAt.getTime() > now().getTime() + 1_000
  )
    return { status: 'skipped', reason: 'rescheduled for a later time' };
  if (source.blockedUntil && source.blockedUntil > now())
    return {
      status: 'skipped',
      reason: `blocked until ${source.blockedUntil.toISOString()}; not retried early`,
    };

  try {
    return await crawlWithBrowser(deps, source, options);
  } catch (error) {
    // A crash (browser, network, storage) is recorded like any failed crawl: the source backs
    // off and the dispatcher tries again later, so no source is ever left without a schedule.
    const detail = error instanceof Error ? error.message : String(error);
    deps.log.warn({ err: error, sourceId }, 'crawl failed');
    const plan = planAfterCrawl({
      outcome: 'error',
      failuresBefore: source.failureCount,
      cadenceSeconds: source.cadenceSeconds,
      oneOff: source.kind === 'post',
      now: now(),
      random: deps.random ?? Math.random,
    });
    await deps.repos.sources.recordCrawl(source.id, {
      ...plan,
      lastError: detail.slice(0, 2_000),
      crawledAt: now(),
    });
    return {
      status: 'done',
      state: 'error',
      detail,
      posts: 0,
      feedPages: 0,
      downloadFailures: 0,
      stored: { posts: 0, newPosts: 0, images: 0, newImages: 0, sightings: 0, enqueued: 0 },
      evidence: 0,
      gone: 0,
      withAccount: false,
      nextCrawlAt: plan.nextCrawlAt?.toISOString() ?? null,
    };
  }
}

interface Visit {
  outcome: CrawlFeedOutcome;
  downloadFailures: number;
  stored: Omit<StoreCrawlSummary, 'newPostsWithImages'>;
  evidence: number;
  gone: number;
  /** Whether the monitoring account's cookies were used. */
  withAccount: boolean;
}

/** Whether an account may be used now: it has cookies, and no wall or block holds it. */
export function usable(
  account: MonitoringAccount | undefined,
  at: Date,
): account is MonitoringAccount {
  if (!account?.storageStateCiphertext) return false;
  if (account.state === 'login_required' || account.state === 'checkpoint') return false;
  return !(account.stateUntil && account.stateUntil > at);
}

async function crawlWithBrowser(
  deps: CrawlSourceDependencies,
  source: Source,
  options: CrawlSourceOptions,
): Promise<CrawlSourceResult> {
  const now = deps.now ?? (() => new Date());
  const account = source.accountId
    ? await deps.repos.monitoringAccounts.findById(source.accountId)
    : undefined;
  const accountReady = usable(account, now()) && deps.accountKeys !== undefined;

  // Public content is read without an account first; the account only for what needs one
  // (straight away when the last crawl already met the login wall).
  let visit: Visit | 'account-busy' | undefined =
    accountReady && source.state === 'login_required'
      ? undefined
      : await visitSource(deps, source, options, {});
  if ((visit === undefined || visit.outcome.state === 'login_required') && accountReady) {
    const keys = deps.accountKeys ?? [];
    const run = (): Promise<Visit> =>
      visitSource(deps, source, options, {
        storageState: openStorageState(account.storageStateCiphertext ?? Buffer.alloc(0), keys),
        // Everything of the account goes out through its egress (Playwright keeps loopback
        // in the proxy too, which the test's local proxy relies on).
        ...(account.proxyUrl ? { proxy: { server: account.proxyUrl } } : {}),
      }).then((result) => ({ ...result, withAccount: true }));
    visit = deps.withAccountLock ? await deps.withAccountLock(account.id, run) : await run();
    if (visit !== 'account-busy') await recordAccountUse(deps, account, visit, now());
  }
  if (visit === 'account-busy' || visit === undefined) {
    // Tried again in a few minutes: left due at the same time, the next dispatch would build
    // the same job id as this one and never run it.
    await deps.repos.sources.dueNow(source.id, new Date(now().getTime() + 5 * 60_000));
    return {
      status: 'skipped',
      reason:
        'its monitoring account is busy (another worker, or its hourly limit); retried in 5 minutes',
    };
  }

  const { outcome } = visit;
  const plan = planAfterCrawl({
    outcome: outcome.state,
    failuresBefore: source.failureCount,
    cadenceSeconds: source.cadenceSeconds,
    oneOff: source.kind === 'post',
    now: now(),
    random: deps.random ?? Math.random,
  });
  const accountNote =
    outcome.state === 'login_required' && account && !accountReady
      ? ` (monitoring account "${account.label}" is ${account.storageStateCiphertext ? account.state : 'without cookies'})`
      : '';
  await deps.repos.sources.recordCrawl(source.id, {
    ...plan,
    lastError:
      outcome.state === 'healthy' ? null : `${outcome.detail ?? outcome.state}${accountNote}`,
    crawledAt: now(),
  });
  deps.metrics?.crawls.inc({ state: outcome.state });
  return {
    status: 'done',
    state: outcome.state,
    detail: outcome.detail,
    posts: outcome.posts.length,
    feedPages: outcome.pages,
    downloadFailures: visit.downloadFailures,
    stored: visit.stored,
    evidence: visit.evidence,
    gone: visit.gone,
    withAccount: visit.withAccount,
    nextCrawlAt: plan.nextCrawlAt?.toISOString() ?? null,
  };
}

/**
 * The demo source's simulator runs on this machine: its address is allowed for that source
 * only, never for the others.
 */
function allowListFor(source: Source, allowList: ReadonlySet<string>): ReadonlySet<string> {
  if (!source.demo) return allowList;
  const { hostname, port, protocol } = new URL(source.url);
  try {
    const [own] = parseAllowList([`${hostname}:${port || (protocol === 'https:' ? 443 : 80)}`]);
    return own ? new Set([...allowList, own]) : allowList;
  } catch {
    return allowList;
  }
}

/** What a crawl with the account says about the account itself. */
async function recordAccountUse(
  deps: CrawlSourceDependencies,
  account: MonitoringAccount,
  visit: Visit,
  at: Date,
): Promise<void> {
  const { state, detail } = visit.outcome;
  if (state === 'error') return;
  const blockedFor = 6 * 3_600_000;
  await deps.repos.monitoringAccounts.recordUse(account.id, {
    // Not found is about the source, not the account.
    state: state === 'not_found' ? 'healthy' : state,
    stateUntil: state === 'blocked' ? new Date(at.getTime() + blockedFor) : null,
    lastError: state === 'healthy' || state === 'not_found' ? null : detail,
  });
}

/** One visit in one browser context: read, download, store, capture. Records nothing else. */
async function visitSource(
  deps: CrawlSourceDependencies,
  source: Source,
  options: CrawlSourceOptions,
  contextOptions: BrowserContextOptions,
): Promise<Visit> {
  return deps.browsers.withContext(contextOptions, async (context) => {
    await guardBrowserEgress(context, {
      trustedUrls: [source.url],
      allowList: allowListFor(source, deps.imageFetch.allowList),
      log: deps.log,
    });
    const page = await context.newPage();
    const oneOff = source.kind === 'post';
    const outcome = await crawlFeed(page, source.url, {
      maxPosts: oneOff ? 1 : options.maxPosts,
      seenPostIds: await deps.repos.sources.recentPostIds(source.id),
      ...(options.pauseMs ? { pauseMs: options.pauseMs } : {}),
      ...(options.responseTimeoutMs ? { responseTimeoutMs: options.responseTimeoutMs } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    });

    let evidence = 0;
    if (outcome.state !== 'healthy') evidence += await captureWall(deps, source, page);
    let gone = 0;
    if (oneOff && outcome.state === 'not_found') gone += await markPostGone(deps, source);

    const wanted = imagesToFetch(outcome.posts);
    const fetcher = new SafeFetcher({
      ...deps.imageFetch,
      allowList: allowListFor(source, deps.imageFetch.allowList),
      proxyUrl: contextOptions.proxy?.server,
      userAgent: String(await page.evaluate('navigator.userAgent')),
    });
    let fetched: Awaited<ReturnType<typeof downloadImages>>;
    try {
      fetched = await downloadImages(fetcher, wanted, {
        skipKeys: await deps.repos.crawlResults.knownCdnKeys(wanted.map((image) => image.key)),
      });
    } finally {
      await fetcher.close();
    }
    if (deps.metrics) {
      deps.metrics.imagesDownloaded.inc(fetched.downloaded.length);
      for (const image of fetched.downloaded)
        deps.metrics.stageSeconds.observe({ stage: 'fetch' }, image.seconds);
      for (const failure of fetched.failed)
        deps.metrics.imageFetchFailures.inc({ failure: failure.failure });
    }
    await deps.repos.crawlResults.recordFetchFailures(
      fetched.failed.map((failure) => ({
        sourceId: source.id,
        cdnKey: failure.key,
        url: failure.url,
        failure: failure.failure,
        transient: failure.transient,
        httpStatus: failure.status,
        detail: failure.error,
      })),
    );
    const { newPostsWithImages, ...stored } = await storeCrawl(
      deps,
      source.id,
      outcome.posts,
      fetched.downloaded,
    );
    evidence += await captureResponseBodies(deps, outcome, newPostsWithImages);
    evidence += await capturePosts(
      deps,
      context,
      newPostsWithImages.slice(0, options.evidencePostsPerCrawl ?? 40),
    );
    if (fetched.failed.length > 0)
      deps.log.warn(
        { sourceId: source.id, failed: fetched.failed.slice(0, 5), count: fetched.failed.length },
        'some images could not be downloaded',
      );
    return {
      outcome,
      downloadFailures: fetched.failed.length,
      stored,
      evidence,
      gone,
      withAccount: false,
    };
  });
}

const html = 'text/html; charset=utf-8';

async function putEvidence(
  deps: CrawlSourceDependencies,
  bytes: Uint8Array,
  row: {
    kind: 'screenshot' | 'html' | 'response_body';
    contentType: string;
    postId?: string;
    sourceId?: string;
    capturedAt: Date;
  },
): Promise<void> {
  const blob = await deps.blobs.put(bytes, `evidence-${row.kind.replace('_', '-')}`);
  await deps.repos.crawlResults.addEvidence({
    ...row,
    blobKey: blob.key,
    sha256: blob.sha256,
    byteSize: blob.byteSize,
  });
}

/** The wall as the crawler met it: what an operator looks at to see why a source stopped. */
async function captureWall(
  deps: CrawlSourceDependencies,
  source: Source,
  page: Page,
): Promise<number> {
  const capturedAt = new Date();
  const [content, screenshot] = await Promise.all([
    page.content().catch(() => null),
    page.screenshot({ fullPage: false }).catch(() => null),
  ]);
  let stored = 0;
  if (content !== null) {
    await putEvidence(deps, Buffer.from(content), {
      kind: 'html',
      contentType: html,
      sourceId: source.id,
      capturedAt,
    });
    stored += 1;
  }
  if (screenshot) {
    await putEvidence(deps, screenshot, {
      kind: 'screenshot',
      contentType: 'image/png',
      sourceId: source.id,
      capturedAt,
    });
    stored += 1;
  }
  return stored;
}

/** A watched post that now answers "not found" has been taken down (or hidden). */
async function markPostGone(deps: CrawlSourceDependencies, source: Source): Promise<number> {
  const fbPostId = source.canonicalKey.replace(/^post:/, '');
  return (await deps.repos.crawlResults.markGone(fbPostId)) ? 1 : 0;
}

/** The GraphQL or HTML body each new post came from, stored once per body. */
async function captureResponseBodies(
  deps: CrawlSourceDependencies,
  outcome: CrawlFeedOutcome,
  posts: readonly { postId: string; fbPostId: string }[],
): Promise<number> {
  let stored = 0;
  for (const post of posts) {
    const index = outcome.cameFrom.get(post.fbPostId);
    const capture = index === undefined ? undefined : outcome.captures[index];
    if (!capture) continue;
    await putEvidence(deps, Buffer.from(capture.body), {
      kind: 'response_body',
      contentType: capture.body.trimStart().startsWith('<') ? html : 'application/json',
      postId: post.postId,
      capturedAt: capture.capturedAt,
    });
    stored += 1;
  }
  return stored;
}

/** The post as a person saw it: a screenshot of its own page's article, and that page's HTML. */
async function capturePosts(
  deps: CrawlSourceDependencies,
  context: BrowserContext,
  posts: readonly { postId: string; permalink: string | null }[],
): Promise<number> {
  let stored = 0;
  const page = await context.newPage();
  try {
    for (const post of posts) {
      if (!post.permalink) continue;
      try {
        const response = await page.goto(post.permalink, { waitUntil: 'load', timeout: 30_000 });
        if (!response?.ok()) continue;
        const capturedAt = new Date();
        // The HTML first: a picture Chromium cannot paint (a pixel bomb) makes the screenshot
        // time out, and the post must keep the evidence that could be taken.
        await putEvidence(deps, Buffer.from(await page.content()), {
          kind: 'html',
          contentType: html,
          postId: post.postId,
          capturedAt,
        });
        stored += 1;
        const article = page.locator('[role=article]').first();
        const screenshot =
          (await article.count()) > 0
            ? await article.screenshot({ timeout: 10_000 })
            : await page.screenshot({ fullPage: true, timeout: 10_000 });
        await putEvidence(deps, screenshot, {
          kind: 'screenshot',
          contentType: 'image/png',
          postId: post.postId,
          capturedAt,
        });
        stored += 1;
      } catch (error) {
        deps.log.warn({ err: error, permalink: post.permalink }, 'post evidence capture failed');
      }
    }
  } finally {
    await page.close().catch(() => undefined);
  }
  return stored;
}
