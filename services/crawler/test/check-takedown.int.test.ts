import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import type { Repositories } from '@leakwatch/db';
import { generateGroup, type FacebookSimulator, type SimGroup } from '@leakwatch/fb-sim';
import { createLogger } from '@leakwatch/observability';
import {
  recordAlert,
  registerFakeDocument,
  useTestDatabase,
  useTestQueue,
} from '@leakwatch/testkit';
import {
  checkTakedown,
  crawlSource,
  scheduleCrawlDispatch,
  startCrawlWorker,
  type CheckTakedownDependencies,
} from '../src/index.js';
import { addSimulatorAccount, addSource, useCrawlRig } from './support/crawl-rig.js';
import { imageFetchFor } from './support/image-fetch.js';

// The real thing end to end: the simulator in Chromium, PostgreSQL and Redis. Posts, images and
// sightings come from a real crawl; the incident from confirmed alerts, as officers make it.
const testDb = useTestDatabase();
const testQueue = useTestQueue();
const log = createLogger({ name: 'check-takedown-test', level: 'silent' });
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';
const accountKeys = [{ id: 'test-key', key: randomBytes(32) }];
const rig = useCrawlRig('lw-takedown-');

async function simulate(seed: string) {
  const group = generateGroup({ seed, posts: 8 });
  return { sim: await rig.simulate({ groups: [group] }), group };
}

/**
 * Crawls the group, then confirms the photos of two of its posts as leaks of one registered
 * document: an incident with sightings in two posts.
 */
async function leakInTwoPosts(sim: FacebookSimulator, group: SimGroup) {
  const { repos } = testDb();
  const source = await addSource(repos, sim, `/groups/${group.vanity}`);
  const crawled = await crawlSource(
    {
      repos,
      blobs: new LocalBlobStore(rig.dir),
      imageFetch: imageFetchFor(sim),
      queue: testQueue().client,
      browsers: rig.browsers,
      log,
    },
    source.id,
    { maxPosts: 50, pauseMs: [0, 5], responseTimeoutMs: 5_000, reason: 'schedule' },
  );
  expect(crawled).toMatchObject({ status: 'done', state: 'healthy' });

  const leaked = group.posts.filter((post) => post.kind === 'photo' && post.photos[0]).slice(0, 2);
  if (leaked.length !== 2) throw new Error('the generated group has fewer than two photo posts');
  const { document, page } = await registerFakeDocument(repos, {
    classification: 'mat',
    ownerDepartment: 'Sở Y tế tỉnh Lâm Đồng',
  });
  const stored = await repos.crawlResults.imagesOfSource(source.id);
  const alertIds: string[] = [];
  for (const post of leaked) {
    const image = stored.find((row) => row.cdnKey === post.photos[0]?.name)?.image;
    if (!image) throw new Error(`the photo of post ${post.id} was not stored`);
    const { alert } = await recordAlert(repos, {
      image,
      alert: {
        kind: 'match',
        documentId: document.id,
        pageId: page.id,
        dedupKey: `match:${page.id}`,
      },
    });
    alertIds.push(alert.id);
  }
  const confirmed = await repos.triage.confirm(alertIds, {
    userId: null,
    severityFor: () => 'high',
  });
  const incidentId = confirmed[0]?.incident.id ?? '';
  expect(new Set(confirmed.map((row) => row.incident.id)).size).toBe(1);
  expect(
    new Set((await repos.triage.sightingsOf(incidentId)).map((sighting) => sighting.postId)).size,
  ).toBe(2);
  return { incidentId, source, leaked };
}

async function requestTakedown(repos: Repositories, incidentId: string) {
  await repos.triage.changeIncident(
    incidentId,
    { status: 'takedown_requested' },
    {
      type: 'status_takedown_requested',
      actorId: null,
      data: { from: 'open', to: 'takedown_requested' },
    },
  );
}

function dependencies(): CheckTakedownDependencies {
  return { repos: testDb().repos, accountKeys, browsers: rig.browsers, log, publicUrl };
}

/** Runs the pass due after the last one (the scheduler's slot), without waiting an hour. */
async function nextPass(incidentId: string) {
  const subject = await testDb().repos.takedownChecks.subject(incidentId);
  const slot = (subject?.lastCheckedAt ?? subject?.takedownRequestedAt ?? new Date()).getTime() + 1;
  return checkTakedown(dependencies(), { incidentId, slot }, { pauseMs: [0, 5] });
}

/** Each post's outcomes, oldest first, keyed by its Facebook id. */
async function historyOf(incidentId: string): Promise<Record<string, string[]>> {
  const { repos } = testDb();
  const posts = await repos.takedownChecks.postsOf(incidentId, new Date(0));
  const fbIdOf = new Map(posts.map((post) => [post.postId, post.fbPostId]));
  const history: Record<string, string[]> = {};
  for (const check of await repos.takedownChecks.checksOf(incidentId)) {
    const key = fbIdOf.get(check.postId) ?? check.postId;
    history[key] = [...(history[key] ?? []), check.outcome];
  }
  return history;
}

describe('takedown verification', () => {
  it('re-visits every sighting on schedule and moves the incident to removed once all are gone', async () => {
    const { sim, group } = await simulate('takedown-two-posts');
    const { repos } = testDb();
    // The department hears of the removal: give the seeded target an address.
    const health = (await repos.routingTargets.list({ activeAt: new Date() })).find(
      (target) => target.name === 'Sở Y tế tỉnh Lâm Đồng',
    );
    if (!health) throw new Error('seeded target missing');
    await repos.routingTargets.update(health.id, { emails: ['vanthu@syt.lamdong.gov.vn'] });
    const { incidentId, leaked } = await leakInTwoPosts(sim, group);
    const [first, second] = leaked;
    if (!first || !second) throw new Error('two posts expected');
    await requestTakedown(repos, incidentId);

    // The first pass comes from the crawler's own scheduler tick, soon after the request.
    const queue = testQueue();
    const worker = startCrawlWorker({
      connection: queue.workerConnection(),
      prefix: queue.prefix,
      log,
      deps: {
        repos,
        accountKeys,
        blobs: new LocalBlobStore(rig.dir),
        imageFetch: imageFetchFor(sim),
        queue: queue.client,
        browsers: rig.browsers,
      },
      crawl: { maxPosts: 50, pauseMs: [0, 5], responseTimeoutMs: 5_000 },
      crawlsPerMinute: 60,
      takedown: { everyMs: 3_600_000, publicUrl, repos, pauseMs: [0, 5] },
    });
    try {
      await scheduleCrawlDispatch(queue.client, 300);
      await expect
        .poll(async () => (await repos.takedownChecks.checksOf(incidentId)).length, {
          timeout: 45_000,
        })
        .toBe(2);
      // Later ticks within the hour queue nothing more.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const jobs = (await queue.client.queue('crawl').getJobs(['completed', 'active', 'waiting']))
        .filter((job) => job.name === 'check-takedown')
        .map((job) => job.id);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatch(new RegExp(`^check-takedown-${incidentId}-\\d+$`));
    } finally {
      await worker.close();
    }
    expect(await historyOf(incidentId)).toEqual({
      [first.id]: ['present'],
      [second.id]: ['present'],
    });

    // One post is taken down: one gone, the incident still awaits the other.
    sim.takeDown(first.id);
    expect(await nextPass(incidentId)).toMatchObject({
      status: 'done',
      counts: { posts: 2, checked: 2, present: 1, gone: 1, unreachable: 0, alreadyGone: 0 },
      removed: false,
    });
    expect((await repos.triage.incidentById(incidentId))?.status).toBe('takedown_requested');
    const goneChecks = (await repos.takedownChecks.checksOf(incidentId)).filter(
      (check) => check.outcome === 'gone',
    );
    expect(await historyOf(incidentId)).toEqual({
      [first.id]: ['present', 'gone'],
      [second.id]: ['present', 'present'],
    });
    // Facebook answered 200 with its "isn't available" page, not a 404: read from its words.
    expect(goneChecks[0]?.detail).toBe('Facebook says the content is not available');
    const posts = await repos.takedownChecks.postsOf(incidentId, new Date(0));
    expect(posts.find((post) => post.fbPostId === first.id)?.goneAt).toBeInstanceOf(Date);
    expect(posts.find((post) => post.fbPostId === second.id)?.goneAt).toBeNull();
    expect(await repos.notifications.ofIncident(incidentId)).toEqual([]);

    // The other follows: only it is visited again, and the incident is removed.
    sim.takeDown(second.id);
    expect(await nextPass(incidentId)).toMatchObject({
      status: 'done',
      counts: { posts: 2, checked: 1, gone: 1, alreadyGone: 1 },
      removed: true,
    });
    const incident = await repos.triage.incidentById(incidentId);
    expect(incident?.status).toBe('removed');
    const events = await repos.triage.eventsOf(incidentId);
    expect(events.filter((event) => event.type === 'takedown_checked')).toHaveLength(3);
    expect(events.find((event) => event.type === 'status_removed')).toMatchObject({
      actorId: null,
      data: { from: 'takedown_requested', to: 'removed', by: 'takedown-check' },
    });
    const outbox = await repos.notifications.ofIncident(incidentId);
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.every((row) => row.event === 'removed' && row.targetId === health.id)).toBe(true);
    // The history: the first post was not visited again once found gone.
    expect(await historyOf(incidentId)).toEqual({
      [first.id]: ['present', 'gone'],
      [second.id]: ['present', 'present', 'gone'],
    });

    // A removed incident is not checked any more.
    expect(await nextPass(incidentId)).toMatchObject({ status: 'skipped' });
  }, 120_000);

  it('never counts a login wall or checkpoint as gone, and confirms with the monitoring account', async () => {
    const { sim, group } = await simulate('takedown-walls');
    const { repos } = testDb();
    const { incidentId, source, leaked } = await leakInTwoPosts(sim, group);
    await requestTakedown(repos, incidentId);
    for (const post of leaked) sim.takeDown(post.id);

    // The group now wants a login: the content is gone, but nothing says so to a visitor.
    sim.scenario.loginRequired = true;
    expect(await nextPass(incidentId)).toMatchObject({
      status: 'done',
      counts: { checked: 2, unreachable: 2, gone: 0 },
      removed: false,
    });
    const checks = await repos.takedownChecks.checksOf(incidentId);
    expect(checks.every((check) => check.detail === 'Log in to Facebook')).toBe(true);

    // A checkpoint stops the pass at the first post; the rest is not visited.
    sim.scenario.checkpoint = true;
    expect(await nextPass(incidentId)).toMatchObject({
      counts: { checked: 2, unreachable: 2, gone: 0 },
      removed: false,
    });
    const latest = (await repos.takedownChecks.checksOf(incidentId)).slice(-2);
    expect(latest.map((check) => check.detail).sort()).toEqual([
      'Security check',
      'not visited: checkpoint (Security check) earlier in this pass',
    ]);
    expect((await repos.triage.incidentById(incidentId))?.status).toBe('takedown_requested');
    sim.scenario.checkpoint = false;

    // With the source's monitoring account the answer is clear: both gone, incident removed.
    const account = await addSimulatorAccount(repos, accountKeys, {
      label: 'Tài khoản giám sát gỡ bỏ',
      userId: '100097770001',
    });
    await repos.sources.update(source.id, { accountId: account.id });
    expect(await nextPass(incidentId)).toMatchObject({
      status: 'done',
      counts: { checked: 2, gone: 2, unreachable: 0 },
      removed: true,
    });
    expect(await repos.monitoringAccounts.findById(account.id)).toMatchObject({
      state: 'healthy',
      lastUsedAt: expect.any(Date) as Date,
    });
  }, 120_000);

  it('records an unreachable site as unreachable and leaves an incident closed by hand alone', async () => {
    const { sim, group } = await simulate('takedown-unreachable');
    const { repos } = testDb();
    const { incidentId } = await leakInTwoPosts(sim, group);
    await requestTakedown(repos, incidentId);
    await sim.close();
    rig.simulators.splice(rig.simulators.indexOf(sim), 1);

    expect(await nextPass(incidentId)).toMatchObject({
      status: 'done',
      counts: { checked: 2, unreachable: 2, gone: 0 },
      removed: false,
    });
    const checks = await repos.takedownChecks.checksOf(incidentId);
    expect(checks.map((check) => check.detail)).toEqual([
      expect.stringContaining('ERR_CONNECTION_REFUSED'),
      expect.stringContaining('ERR_CONNECTION_REFUSED'),
    ]);
    const posts = await repos.takedownChecks.postsOf(incidentId, new Date(0));
    expect(posts.every((post) => post.goneAt === null)).toBe(true);

    // An officer closes the incident: later passes touch nothing.
    await repos.triage.changeIncident(
      incidentId,
      { status: 'closed', resolution: 'Đã xử lý ngoài hệ thống' },
      { type: 'status_closed', actorId: null, data: { from: 'takedown_requested', to: 'closed' } },
    );
    expect(await nextPass(incidentId)).toEqual({
      status: 'skipped',
      reason: 'the incident is closed',
    });
    expect(
      (await repos.takedownChecks.awaitingRemoval()).map((subject) => subject.incidentId),
    ).not.toContain(incidentId);
    expect(await repos.takedownChecks.checksOf(incidentId)).toHaveLength(2);
    expect((await repos.triage.incidentById(incidentId))?.status).toBe('closed');
  }, 120_000);

  it("recognises Facebook's removed-content page when crawling a watched post, too", async () => {
    const { sim, group } = await simulate('takedown-one-off');
    const target = group.posts.find((post) => post.kind === 'photo' && !post.pinned);
    if (!target) throw new Error('no photo post generated');
    const { repos } = testDb();
    const source = await addSource(repos, sim, `/groups/${group.vanity}/posts/${target.id}/`);
    const deps = {
      repos,
      blobs: new LocalBlobStore(rig.dir),
      imageFetch: imageFetchFor(sim),
      queue: testQueue().client,
      browsers: rig.browsers,
      log,
    };
    const options = { maxPosts: 5, pauseMs: [0, 5] as const, responseTimeoutMs: 5_000 };
    expect(await crawlSource(deps, source.id, { ...options, reason: 'schedule' })).toMatchObject({
      state: 'healthy',
      posts: 1,
    });
    // Answered 200, titled "Facebook": only its words say the post is gone.
    sim.takeDown(target.id);
    expect(
      await crawlSource(deps, source.id, { ...options, reason: 'takedown-check' }),
    ).toMatchObject({ state: 'not_found', gone: 1 });
  }, 60_000);
});
