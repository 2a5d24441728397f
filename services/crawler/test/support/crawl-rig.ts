import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '@leakwatch/browser';
import type { Repositories } from '@leakwatch/db';
import { parseSourceUrl } from '@leakwatch/facebook';
import { FacebookSimulator } from '@leakwatch/fb-sim';
import { addMonitoringAccount } from '@leakwatch/sources';
import { BrowserPool } from '../../src/index.js';

export interface CrawlRig {
  /** A temporary folder (blobs go below it), removed after the file. */
  readonly dir: string;
  /** One Chromium pool for the whole file. */
  readonly browsers: BrowserPool;
  /** The simulators listening now; each test's are closed after it. */
  readonly simulators: FacebookSimulator[];
  /** A Facebook simulator listening on a free port, closed after the test. */
  simulate: (
    options: ConstructorParameters<typeof FacebookSimulator>[0],
  ) => Promise<FacebookSimulator>;
}

/** What a crawler test file crawls with: Chromium, a blob folder and simulated Facebook. */
export function useCrawlRig(tempPrefix: string): CrawlRig {
  let dir = '';
  let browsers: BrowserPool | undefined;
  const simulators: FacebookSimulator[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), tempPrefix));
    browsers = new BrowserPool({ launch: () => launchChromium(process.env['CHROMIUM_PATH']) });
  });
  afterEach(async () => {
    await Promise.all(simulators.splice(0).map((sim) => sim.close()));
  });
  afterAll(async () => {
    await browsers?.close();
    await rm(dir, { recursive: true, force: true });
  });

  return {
    get dir() {
      return dir;
    },
    get browsers() {
      if (!browsers)
        throw new Error('useCrawlRig(): the browsers exist only inside tests and hooks');
      return browsers;
    },
    simulators,
    simulate: async (options) => {
      const sim = new FacebookSimulator(options);
      await sim.listen();
      simulators.push(sim);
      return sim;
    },
  };
}

/** A source for `address` on the simulator, due for a crawl now. */
export async function addSource(repos: Repositories, sim: FacebookSimulator, address: string) {
  const parsed = parseSourceUrl(`${sim.origin}${address}`, { extraOrigins: [sim.origin] });
  if (!parsed.ok) throw new Error(parsed.reason);
  const { source } = await repos.sources.upsert({ ...parsed.target, nextCrawlAt: new Date() });
  return source;
}

/**
 * A monitoring account signed in to the simulator as Facebook user `userId` (its c_user cookie,
 * and an httpOnly `xs` session secret when given), sealed with `keys`.
 */
export async function addSimulatorAccount(
  repos: Repositories,
  keys: Parameters<typeof addMonitoringAccount>[2],
  account: { label: string; userId: string; sessionSecret?: string; proxyUrl?: string },
) {
  const cookie = (name: string, value: string, httpOnly: boolean) => ({
    name,
    value,
    domain: '127.0.0.1',
    path: '/',
    expires: -1,
    httpOnly,
    secure: false,
    sameSite: 'Lax' as const,
  });
  return addMonitoringAccount(
    repos,
    {
      label: account.label,
      storageState: {
        cookies: [
          cookie('c_user', account.userId, false),
          ...(account.sessionSecret ? [cookie('xs', account.sessionSecret, true)] : []),
        ],
        origins: [],
      },
      ...(account.proxyUrl ? { proxyUrl: account.proxyUrl } : {}),
    },
    keys,
    { actorType: 'system', actorId: 'test' },
  );
}
