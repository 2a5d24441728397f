import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { Random } from '@leakwatch/corpus';
import { generateGroup, photoName } from '@leakwatch/fb-sim';
import { createLogger } from '@leakwatch/observability';
import { useTestDatabase, useTestQueue } from '@leakwatch/testkit';
import {
  crawlSource,
  scheduleCrawlDispatch,
  startCrawlWorker,
  type CrawlSourceDependencies,
} from '../src/index.js';
import { addSimulatorAccount, addSource, useCrawlRig } from './support/crawl-rig.js';
import { imageFetchFor } from './support/image-fetch.js';

const testDb = useTestDatabase();
const testQueue = useTestQueue();
const log = createLogger({ name: 'crawl-source-test', level: 'silent' });
const rig = useCrawlRig('lw-crawl-source-');

const accountKeys = [{ id: 'test-key', key: randomBytes(32) }];

/** What a crawl needs, for `crawlSource` and the crawl worker alike. */
function dependencies() {
  return {
    repos: testDb().repos,
    accountKeys,
    blobs: new LocalBlobStore(rig.dir),
    imageFetch: imageFetchFor(...rig.simulators),
    queue: testQueue().client,
    browsers: rig.browsers,
    log,
  } satisfies CrawlSourceDependencies;
}

const crawlOptions = {
  maxPosts: 500,
  pauseMs: [0, 5] as const,
  responseTimeoutMs: 5_000,
  reason: 'schedule' as const,
};

describe('crawling a source', () => {
  it('stores posts, images and evidence once, queues new images, and plans the next poll', async () => {
    const group = generateGroup({ seed: 'crawl-source', posts: 24 });
    const sim = await rig.simulate({ groups: [group] });
    // A share of a share: the innermost photo is content too, and on the CDN.
    const nestedPhoto = { name: photoName(new Random('nested-share')), width: 1536, height: 2048 };
    const base = {
      authorId: '100064000001',
      authorName: 'Lê Thị Chia Sẻ',
      createdAt: 1_626_780_000,
    };
    sim.publish(group.vanity, {
      ...base,
      id: '1999999999999001',
      text: 'Chia sẻ lại cho mọi người cùng biết',
      kind: 'shared',
      photos: [],
      shared: {
        ...base,
        id: '1999999999999002',
        text: 'Chia sẻ',
        kind: 'shared',
        photos: [],
        shared: {
          ...base,
          id: '1999999999999003',
          text: 'Ảnh gốc',
          kind: 'photo',
          photos: [nestedPhoto],
        },
      },
    });
    const { repos } = testDb();
    const source = await addSource(repos, sim, `/groups/${group.vanity}`);
    const started = Date.now();

    const first = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(first).toMatchObject({ status: 'done', state: 'healthy', downloadFailures: 0 });
    if (first.status !== 'done') return;
    expect(first.stored.newPosts).toBeGreaterThanOrEqual(group.posts.length + 2);
    expect(first.stored.newImages).toBeGreaterThan(0);
    const keys = (await repos.crawlResults.imagesOfSource(source.id)).map((row) => row.cdnKey);
    expect(keys).toContain(nestedPhoto.name);
    const jobs = await testQueue().client.queue('images').getJobCounts('waiting');
    expect(jobs['waiting']).toBe(first.stored.newImages);

    const after = await repos.sources.findById(source.id);
    expect(after).toMatchObject({ state: 'healthy', failureCount: 0, lastError: null });
    const waitSeconds = ((after?.nextCrawlAt?.getTime() ?? 0) - started) / 1000;
    // 30-minute cadence, jittered by at most a fifth.
    expect(waitSeconds).toBeGreaterThan(1800 * 0.8 - 60);
    expect(waitSeconds).toBeLessThan(1800 * 1.2 + 60);

    // Every post with images has its image bytes, the body it came from, a screenshot and HTML.
    const withImages = (await repos.crawlResults.postsOf(source.id)).filter((post) =>
      group.posts.some((planted) => planted.id === post.fbPostId && planted.photos.length > 0),
    );
    expect(withImages.length).toBeGreaterThan(0);
    const blobs = new LocalBlobStore(rig.dir);
    for (const post of withImages) {
      const evidence = await repos.crawlResults.evidenceOf({ postId: post.id });
      const kinds = new Set(evidence.map((row) => row.kind));
      expect([...kinds].sort()).toEqual(['html', 'image', 'response_body', 'screenshot']);
      for (const row of evidence) {
        expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect((await blobs.get(row.blobKey)).length).toBe(row.byteSize);
      }
      const screenshot = evidence.find((row) => row.kind === 'screenshot');
      expect((await blobs.get(screenshot?.blobKey ?? '')).subarray(1, 4).toString()).toBe('PNG');
    }
    const evidenceBefore = first.evidence;
    expect(evidenceBefore).toBeGreaterThan(withImages.length * 2);

    // The next poll (forced now) finds nothing new and duplicates nothing.
    await repos.sources.recordCrawl(source.id, {
      state: 'healthy',
      failureCount: 0,
      nextCrawlAt: new Date(),
      blockedUntil: null,
      lastError: null,
      crawledAt: new Date(),
    });
    const second = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(second).toMatchObject({
      status: 'done',
      state: 'healthy',
      stored: { newPosts: 0, newImages: 0, enqueued: 0, sightings: 0 },
      evidence: 0,
    });
  }, 120_000);

  it('records a login wall with its capture and waits hours before trying again', async () => {
    const group = generateGroup({ seed: 'crawl-login', posts: 6 });
    const sim = await rig.simulate({ groups: [group] });
    sim.scenario.loginRequired = true;
    const { repos } = testDb();
    const source = await addSource(repos, sim, `/groups/${group.id}`);
    const result = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(result).toMatchObject({ status: 'done', state: 'login_required', posts: 0 });
    const after = await repos.sources.findById(source.id);
    expect(after).toMatchObject({ state: 'login_required', failureCount: 1 });
    expect(after?.lastError).toBeTruthy();
    const hoursAway = ((after?.nextCrawlAt?.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(hoursAway).toBeGreaterThan(4.7);
    const wall = await repos.crawlResults.evidenceOf({ sourceId: source.id });
    expect(wall.map((row) => row.kind).sort()).toEqual(['html', 'screenshot']);
    const html = await new LocalBlobStore(rig.dir).get(
      wall.find((row) => row.kind === 'html')?.blobKey ?? '',
    );
    expect(html.toString()).toContain('login_form');
  }, 60_000);

  it('uses the monitoring account only behind a login wall, and stops when its session expires', async () => {
    const group = generateGroup({ seed: 'crawl-account', posts: 12 });
    const sim = await rig.simulate({ groups: [group] });
    sim.scenario.loginRequired = true;
    const { repos } = testDb();
    const account = await addSimulatorAccount(repos, accountKeys, {
      label: 'Tài khoản giám sát 1',
      userId: '100091234567',
      sessionSecret: '35%3Asecret',
    });
    expect(account.storageStateCiphertext?.includes(Buffer.from('35%3Asecret'))).toBe(false);
    const source = await addSource(repos, sim, `/groups/${group.vanity}`);
    await repos.sources.update(source.id, { accountId: account.id });

    const first = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(first).toMatchObject({ status: 'done', state: 'healthy', withAccount: true });
    expect((await repos.crawlResults.postsOf(source.id)).length).toBeGreaterThanOrEqual(12);
    expect(await repos.monitoringAccounts.findById(account.id)).toMatchObject({ state: 'healthy' });

    // The account's session expires: the account is marked, and the source says why it stopped.
    sim.scenario.expiredSessions = ['100091234567'];
    const force = () =>
      repos.sources.recordCrawl(source.id, {
        state: 'healthy',
        failureCount: 0,
        nextCrawlAt: new Date(),
        blockedUntil: null,
        lastError: null,
        crawledAt: new Date(),
      });
    await force();
    const expired = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(expired).toMatchObject({ status: 'done', state: 'login_required', withAccount: true });
    expect(await repos.monitoringAccounts.findById(account.id)).toMatchObject({
      state: 'login_required',
    });
    await force();
    const unusable = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(unusable).toMatchObject({ status: 'done', state: 'login_required', withAccount: false });
    expect((await repos.sources.findById(source.id))?.lastError).toContain(
      'monitoring account "Tài khoản giám sát 1" is login_required',
    );
  }, 90_000);

  it("goes out through the account's own proxy, and only with the account", async () => {
    const group = generateGroup({ seed: 'crawl-proxy', posts: 6 });
    const sim = await rig.simulate({ groups: [group] });
    sim.scenario.loginRequired = true;
    const proxy = await startForwardProxy();
    try {
      const { repos } = testDb();
      const account = await addSimulatorAccount(repos, accountKeys, {
        label: 'Tài khoản qua proxy',
        userId: '100097654321',
        proxyUrl: proxy.url,
      });
      const source = await addSource(repos, sim, `/groups/${group.vanity}`);
      await repos.sources.update(source.id, { accountId: account.id });

      const result = await crawlSource(dependencies(), source.id, crawlOptions);
      expect(result).toMatchObject({ status: 'done', state: 'healthy', withAccount: true });
      // The anonymous first try went out directly; the account's visit only through its proxy.
      const feedVisits = proxy.seen.filter((url) => url.endsWith(`/groups/${group.vanity}`));
      expect(feedVisits).toHaveLength(1);
      expect(proxy.seen.some((url) => url.endsWith('/api/graphql/'))).toBe(true);
      // Image downloads and album pages of the account's visit take the same egress.
      expect(proxy.seen).toContain(`CONNECT ${new URL(sim.origin).host}`);
    } finally {
      await proxy.close();
    }
  }, 90_000);

  it('backs off a block for hours and does not touch the site again before then', async () => {
    const group = generateGroup({ seed: 'crawl-block', posts: 60 });
    const sim = await rig.simulate({ groups: [group] });
    sim.scenario.blockAfterRequests = 2;
    sim.scenario.blockForMs = 60_000;
    const { repos } = testDb();
    const source = await addSource(repos, sim, `/groups/${group.vanity}`);
    const result = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(result).toMatchObject({ status: 'done', state: 'blocked' });
    const after = await repos.sources.findById(source.id);
    expect(after?.state).toBe('blocked');
    const blockedHours = ((after?.blockedUntil?.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(blockedHours).toBeGreaterThan(4.7);
    expect(blockedHours).toBeLessThan(7.3);
    // What the crawl read before the block is kept.
    expect((await repos.crawlResults.postsOf(source.id)).length).toBeGreaterThan(0);

    const servedBefore = sim.served.length;
    const again = await crawlSource(dependencies(), source.id, {
      ...crawlOptions,
      reason: 'manual',
    });
    expect(again).toMatchObject({ status: 'skipped' });
    expect(sim.served.length).toBe(servedBefore);
    expect(await repos.sources.due(new Date(), 10)).toEqual([]);
  }, 60_000);

  it('refuses and records images whose address points inside the network', async () => {
    const group = generateGroup({ seed: 'crawl-ssrf', posts: 4 });
    // A hostile post: its "photo" is the cloud metadata service, then a loopback port.
    const hostile = group.posts.find((post) => post.kind === 'text') ?? group.posts[1]!;
    hostile.kind = 'photo';
    hostile.photos = [
      {
        name: '555000111_100000000999_1234567890_n.jpg',
        width: 800,
        height: 600,
        externalUrl:
          'http://169.254.169.254/latest/meta-data/555000111_100000000999_1234567890_n.jpg',
      },
    ];
    const sim = await rig.simulate({ groups: [group] });
    const { repos } = testDb();
    const source = await addSource(repos, sim, `/groups/${group.vanity}`);
    const result = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(result).toMatchObject({ status: 'done', state: 'healthy', downloadFailures: 1 });
    const failures = await repos.crawlResults.fetchFailuresOf(source.id);
    expect(failures).toMatchObject([
      {
        cdnKey: '555000111_100000000999_1234567890_n.jpg',
        failure: 'refused_address',
        transient: false,
        detail: expect.stringContaining('169.254.169.254') as unknown,
      },
    ]);
    // Every other image was fetched and stored.
    const stored = await repos.crawlResults.imagesOfSource(source.id);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((row) => row.cdnKey !== failures[0]?.cdnKey)).toBe(true);
  });

  it('notices that a watched post was taken down', async () => {
    const group = generateGroup({ seed: 'crawl-takedown', posts: 10 });
    const target = group.posts.find((post) => post.photos.length > 0);
    if (!target) throw new Error('the generated group has no photo post');
    const sim = await rig.simulate({ groups: [group] });
    const { repos } = testDb();
    const source = await addSource(repos, sim, `/groups/${group.vanity}/posts/${target.id}/`);
    expect(source.kind).toBe('post');
    const seen = await crawlSource(dependencies(), source.id, crawlOptions);
    expect(seen).toMatchObject({ status: 'done', state: 'healthy', posts: 1, nextCrawlAt: null });
    sim.delete(group.vanity, target.id);
    const check = await crawlSource(dependencies(), source.id, {
      ...crawlOptions,
      reason: 'takedown-check',
    });
    expect(check).toMatchObject({ status: 'done', state: 'not_found', gone: 1, nextCrawlAt: null });
    const [stored] = await repos.crawlResults.postsOf(source.id);
    expect(stored?.goneAt).toBeInstanceOf(Date);
  }, 60_000);
});

describe('the crawl worker', () => {
  it('crawls due sources from the job scheduler, one worker per source at a time', async () => {
    const groups = [
      generateGroup({ seed: 'worker-a', posts: 9 }),
      generateGroup({ seed: 'worker-b', posts: 9 }),
    ];
    const sim = await rig.simulate({ groups });
    const { repos } = testDb();
    const sources = await Promise.all(
      groups.map((group) => addSource(repos, sim, `/groups/${group.vanity}`)),
    );
    const paused = await addSource(repos, sim, '/groups/paused-group');
    await repos.sources.update(paused.id, { paused: true });
    const queue = testQueue();
    const connection = queue.workerConnection();

    // A crawl of the first source is already running elsewhere: its lock is held.
    await connection.set(
      `${queue.prefix}:lock:crawl-source:${sources[0]?.id}`,
      'other',
      'PX',
      60_000,
    );
    const worker = startCrawlWorker({
      connection,
      prefix: queue.prefix,
      log,
      deps: dependencies(),
      crawl: { maxPosts: 50, pauseMs: [0, 5], responseTimeoutMs: 5_000 },
      crawlsPerMinute: 60,
    });
    try {
      await scheduleCrawlDispatch(queue.client, 300);
      await expect
        .poll(async () => (await repos.sources.findById(sources[1]?.id ?? ''))?.state, {
          timeout: 45_000,
          interval: 250,
        })
        .toBe('healthy');
      const crawl = queue.client.queue('crawl');
      await expect
        .poll(
          async () => {
            const done = await crawl.getJobs(['completed']);
            return done
              .filter((job) => job.name === 'crawl-source')
              .map((job) => job.returnvalue as unknown);
          },
          { timeout: 20_000, interval: 250 },
        )
        .toContainEqual({ status: 'skipped', reason: 'another worker is crawling this source' });
      expect((await repos.sources.findById(sources[0]?.id ?? ''))?.state).toBe('pending');
      expect((await repos.sources.findById(paused.id))?.lastCrawledAt).toBeNull();
      const schedulers = await crawl.getJobSchedulers();
      expect(schedulers.map((scheduler) => scheduler.key)).toEqual(['dispatch-crawls']);
    } finally {
      await worker.close();
    }
  }, 90_000);
});

describe('monitoring accounts across workers', () => {
  it('keeps an account within its hourly limit and retries the source later instead of dropping it', async () => {
    const groups = [
      generateGroup({ seed: 'account-rate-a', posts: 4 }),
      generateGroup({ seed: 'account-rate-b', posts: 4 }),
    ];
    const sim = await rig.simulate({ groups });
    sim.scenario.loginRequired = true;
    const { repos } = testDb();
    const account = await addSimulatorAccount(repos, accountKeys, {
      label: 'Tài khoản giới hạn',
      userId: '100095550001',
    });
    const sources = await Promise.all(
      groups.map((group) => addSource(repos, sim, `/groups/${group.vanity}`)),
    );
    for (const source of sources) await repos.sources.update(source.id, { accountId: account.id });
    const queue = testQueue();
    const worker = startCrawlWorker({
      connection: queue.workerConnection(),
      prefix: queue.prefix,
      log,
      deps: dependencies(),
      crawl: { maxPosts: 20, pauseMs: [0, 5], responseTimeoutMs: 5_000 },
      crawlsPerMinute: 60,
      accountCrawlsPerHour: 1,
    });
    try {
      const started = Date.now();
      for (const source of sources)
        await queue.client.enqueue('crawl-source', {
          sourceId: source.id,
          reason: 'manual',
          slot: started,
        });
      const results = async () =>
        (await queue.client.queue('crawl').getJobs(['completed']))
          .filter((job) => job.name === 'crawl-source')
          .map(
            (job) => job.returnvalue as { status: string; reason?: string; withAccount?: boolean },
          );
      await expect.poll(async () => (await results()).length, { timeout: 45_000 }).toBe(2);
      const outcomes = await results();
      expect(outcomes.filter((o) => o.status === 'done' && o.withAccount)).toHaveLength(1);
      const skipped = outcomes.find((o) => o.status === 'skipped');
      expect(skipped?.reason).toContain('hourly limit');
      // The skipped source is due again in five minutes, not left stuck.
      const rows = await Promise.all(sources.map((source) => repos.sources.findById(source.id)));
      const waiting = rows.find((row) => row?.lastCrawledAt === null);
      expect(waiting?.nextCrawlAt?.getTime()).toBeGreaterThan(started + 4 * 60_000);
    } finally {
      await worker.close();
    }
  }, 90_000);
});

describe('polling on time', () => {
  it('queues each next poll for its own time, so polls follow the cadence without a dispatcher', async () => {
    const group = generateGroup({ seed: 'worker-cadence', posts: 6 });
    const sim = await rig.simulate({ groups: [group] });
    const { repos } = testDb();
    const source = await addSource(repos, sim, `/groups/${group.vanity}`);
    await repos.sources.update(source.id, { cadenceSeconds: 3 });
    const queue = testQueue();
    const worker = startCrawlWorker({
      connection: queue.workerConnection(),
      prefix: queue.prefix,
      log,
      deps: dependencies(),
      crawl: { maxPosts: 50, pauseMs: [0, 5], responseTimeoutMs: 5_000 },
      crawlsPerMinute: 60,
    });
    try {
      // One crawl is asked for by hand; no dispatcher runs in this test.
      await queue.client.enqueue('crawl-source', {
        sourceId: source.id,
        reason: 'schedule',
        slot: Date.now(),
      });
      const crawl = queue.client.queue('crawl');
      const crawled = async () =>
        (await crawl.getJobs(['completed']))
          .map((job) => job.returnvalue as { status?: string })
          .filter((value) => value.status === 'done').length;
      // Every crawl queued the next one, due cadence ± 20 % later: three in well under 30 s.
      await expect.poll(crawled, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(3);
      expect(await crawl.getJobSchedulers()).toEqual([]);

      // A poll queued for a time the source moved away from is skipped, not crawled early.
      await repos.sources.update(source.id, { cadenceSeconds: 3_600 });
      await repos.sources.recordCrawl(source.id, {
        state: 'healthy',
        failureCount: 0,
        nextCrawlAt: new Date(Date.now() + 3_600_000),
        blockedUntil: null,
        lastError: null,
        crawledAt: new Date(),
      });
      const stale = await queue.client.enqueue('crawl-source', {
        sourceId: source.id,
        reason: 'schedule',
        slot: Date.now() - 1,
      });
      await expect
        .poll(async () => (await crawl.getJob(stale.jobId))?.returnvalue as unknown, {
          timeout: 15_000,
        })
        .toEqual({ status: 'skipped', reason: 'rescheduled for a later time' });
    } finally {
      await worker.close();
    }
  }, 60_000);
});

/**
 * A forward proxy that remembers what it carried: plain requests by URL, tunnels (which
 * Playwright's request client opens even for http) as `CONNECT host:port`.
 */
async function startForwardProxy(): Promise<{
  url: string;
  seen: string[];
  close: () => Promise<void>;
}> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/');
    seen.push(target.href);
    const upstream = http.request(
      target,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: Duplex, head: Buffer) => {
    seen.push(`CONNECT ${request.url ?? ''}`);
    const [host = '', port = '80'] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
