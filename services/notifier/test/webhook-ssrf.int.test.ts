import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingTarget } from '@leakwatch/db';
import { sealWebhookSecret } from '@leakwatch/incidents';
import { createLogger } from '@leakwatch/observability';
import { SafeFetcher } from '@leakwatch/safe-fetch';
import {
  openIncident,
  startWebhookReceiver,
  useTestDatabase,
  type WebhookReceiver,
} from '@leakwatch/testkit';
import { createWebhookClient, deliverDue } from '../src/index.js';

// Issue 12, server-side request forgery: a webhook address is typed by an administrator (or by
// whoever took over an admin account), and the notifier runs next to PostgreSQL, Redis and the
// cloud's metadata service. Every delivery below is aimed, one way or another, at a private
// server on this machine that counts the requests it gets: it must get none, and each delivery
// must be recorded as failed with its reason. Only what WEBHOOK_ALLOW lists is reached.
const testDb = useTestDatabase();
const log = createLogger({ name: 'notifier-ssrf-test', level: 'silent' });
const keys = [{ id: 'k1', key: randomBytes(32) }];
const webhookSecret = 'whsec-ssrf-0123456789abcdef';
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';

/** Stands for an internal service (an admin page, a database's HTTP port, metadata). */
let victim: http.Server;
let victimPort = 0;
const victimHits: string[] = [];
/** A receiver that answers every webhook with a redirect to the internal service. */
let redirector: http.Server;
let redirectorPort = 0;
let receiver: WebhookReceiver;

async function listen(handler: http.RequestListener): Promise<[http.Server, number]> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, (server.address() as AddressInfo).port];
}

beforeAll(async () => {
  [victim, victimPort] = await listen((request, response) => {
    victimHits.push(`${request.method ?? '?'} ${request.url ?? ''}`);
    response.writeHead(204).end();
  });
  [redirector, redirectorPort] = await listen((request, response) => {
    request.resume();
    const status = request.url?.includes('307') ? 307 : 302;
    response.writeHead(status, { location: `http://127.0.0.1:${victimPort}/` }).end();
  });
  receiver = await startWebhookReceiver({ secret: webhookSecret });
});
afterAll(async () => {
  for (const server of [victim, redirector]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await receiver.close();
});

async function webhookTarget(webhookUrl: string): Promise<RoutingTarget> {
  return testDb().repos.routingTargets.create({
    name: `Hệ thống tiếp nhận ${randomUUID().slice(0, 8)}`,
    kind: 'department',
    webhookUrl,
    webhookSecretCiphertext: sealWebhookSecret(webhookSecret, keys),
  });
}

/** Notifies each target of a new incident through `webhooks`; their rows, by target. */
async function deliverTo(targets: RoutingTarget[], webhooks: Pick<SafeFetcher, 'post'>) {
  const { repos } = testDb();
  const incident = await openIncident(repos, { notify: targets, publicUrl });
  await deliverDue({ repos, webhooks, from: 'x', sealingKeys: keys, publicUrl, log }, 100);
  const rows = await repos.notifications.ofIncident(incident.id);
  const failures = (await repos.triage.eventsOf(incident.id))
    .filter((event) => event.type === 'notification_failed')
    .map((event) => event.data as { notificationId?: string; error?: string });
  return targets.map((target) => {
    const row = rows.find((candidate) => candidate.targetId === target.id);
    if (!row) throw new Error(`no notification for ${target.webhookUrl ?? ''}`);
    const failure = failures.find((data) => data.notificationId === row.id);
    return { row, timelineError: failure?.error };
  });
}

function expectRefused(
  outcome: Awaited<ReturnType<typeof deliverTo>>[number],
  reason: RegExp,
): void {
  expect(outcome.row).toMatchObject({ channel: 'webhook', status: 'pending', attempts: 1 });
  expect(outcome.row.lastError).toMatch(reason);
  // The same reason is on the incident's timeline, where officers see deliveries.
  expect(outcome.timelineError).toBe(outcome.row.lastError);
}

describe('webhooks and server-side request forgery', () => {
  it('refuses loopback, private, metadata and IPv6 loopback addresses, and names that resolve to them, by default', async () => {
    const webhooks = createWebhookClient([]);
    const cases: [string, RegExp][] = [
      [
        `http://127.0.0.1:${victimPort}/hook`,
        /^webhook refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\)/,
      ],
      ['http://10.0.0.1/hook', /^webhook refused: 10\.0\.0\.1 resolves to 10\.0\.0\.1 \(private\)/],
      [
        'http://169.254.169.254/latest/meta-data/',
        /^webhook refused: .*169\.254\.169\.254 \(linkLocal\)/,
      ],
      [`http://[::1]:${victimPort}/hook`, /^webhook refused: ::1 resolves to ::1 \(loopback\)/],
      [
        `http://localhost:${victimPort}/hook`,
        /^webhook refused: localhost resolves to .* \(loopback\)/,
      ],
      // Other spellings of loopback, normalised by the URL parser and refused all the same.
      [`http://2130706433:${victimPort}/hook`, /\(loopback\)/],
      [`http://[::ffff:127.0.0.1]:${victimPort}/hook`, /\(loopback\)/],
    ];
    const targets = await Promise.all(cases.map(([url]) => webhookTarget(url)));
    const outcomes = await deliverTo(targets, webhooks);
    outcomes.forEach((outcome, index) => {
      expectRefused(outcome, cases[index]![1]);
      expect(outcome.row.lastError).toContain('unless WEBHOOK_ALLOW lists the address and port');
    });
    expect(victimHits).toEqual([]);
    await webhooks.close();
  });

  it('refuses a public-looking name whose DNS answer is private', async () => {
    // The test's resolver plays a DNS server that answers with the internal service's address.
    const webhooks = new SafeFetcher({
      allowList: new Set(),
      timeoutMs: 5_000,
      maxRedirects: 0,
      maxBytes: 0,
      resolve: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    });
    const [outcome] = await deliverTo(
      [await webhookTarget(`http://hook.syt.lamdong.gov.vn:${victimPort}/leakwatch`)],
      webhooks,
    );
    expectRefused(
      outcome!,
      /^webhook refused: hook\.syt\.lamdong\.gov\.vn resolves to 127\.0\.0\.1 \(loopback\)/,
    );
    expect(victimHits).toEqual([]);
    await webhooks.close();
  });

  it('never follows a receiver that redirects to a private address, not even a 307 re-post', async () => {
    // The redirecting receiver itself is allowed, as a public one would be; its target is not.
    const webhooks = createWebhookClient([`127.0.0.1:${redirectorPort}`]);
    const outcomes = await deliverTo(
      [
        await webhookTarget(`http://127.0.0.1:${redirectorPort}/302`),
        await webhookTarget(`http://127.0.0.1:${redirectorPort}/307`),
      ],
      webhooks,
    );
    expectRefused(
      outcomes[0]!,
      new RegExp(
        `^webhook answered HTTP 302 redirect to http://127\\.0\\.0\\.1:${victimPort}/ not followed`,
      ),
    );
    expectRefused(outcomes[1]!, /^webhook answered HTTP 307 redirect to .* not followed/);
    expect(victimHits).toEqual([]);
    await webhooks.close();
  });

  it('reaches what WEBHOOK_ALLOW lists, and only that: same address, another port, is refused', async () => {
    const webhooks = createWebhookClient([new URL(receiver.url).host]);
    const before = receiver.hooks.length;
    const [listed, unlisted] = await deliverTo(
      [
        await webhookTarget(receiver.url),
        await webhookTarget(`http://127.0.0.1:${victimPort}/hook`),
      ],
      webhooks,
    );
    expect(listed?.row).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    expect(receiver.hooks.slice(before)).toHaveLength(1);
    expect(receiver.hooks.at(-1)?.verified).toBe(true);
    expectRefused(
      unlisted!,
      /^webhook refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\)/,
    );
    expect(victimHits).toEqual([]);
    await webhooks.close();
  });

  it('says so when no webhook client is configured, rather than sending without checks', async () => {
    const { repos } = testDb();
    const target = await webhookTarget(receiver.url);
    const incident = await openIncident(repos, { notify: [target], publicUrl });
    const before = receiver.hooks.length;
    await deliverDue({ repos, from: 'x', sealingKeys: keys, publicUrl, log }, 100);
    const [row] = await repos.notifications.ofIncident(incident.id);
    expect(row).toMatchObject({ status: 'pending', lastError: 'no webhook client is configured' });
    expect(receiver.hooks).toHaveLength(before);
  });
});

describe('the allow-list format', () => {
  it('takes address:port pairs only, so a name cannot be allowed (it could resolve anywhere)', () => {
    expect(() => createWebhookClient(['localhost:8080'])).toThrow(/not an address:port/);
    expect(() => createWebhookClient(['10.20.0.5'])).toThrow(/not an address:port/);
  });
});
