import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import type { LogSink } from '@leakwatch/observability';
import { browserRequestVerdict } from '@leakwatch/safe-fetch';

/** Every address a host name resolves to; an empty list when it does not resolve here. */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

export interface BrowserEgressOptions {
  /** The addresses the crawler itself opens (source, permalinks): their hosts are trusted. */
  trustedUrls: readonly string[];
  /** `host:port` entries allowed although private (IMAGE_FETCH_ALLOW). */
  allowList: ReadonlySet<string>;
  log: LogSink;
  resolve?: HostResolver;
}

export interface BrowserEgressGuard {
  /** Requests refused so far in this context. */
  refused(): number;
}

const resolveWithSystem: HostResolver = async (hostname) => {
  try {
    return (await lookup(hostname, { all: true })).map((found) => found.address);
  } catch {
    // Chromium will not resolve it either, or only through the context's proxy, which resolves
    // for itself: nothing to judge here.
    return [];
  }
};

/**
 * Makes every request of the context pass `browserRequestVerdict` before it leaves: a post's
 * images, frames, scripts and fetches must not reach the metadata service or internal hosts.
 * Service workers are blocked by the browser pool, so none of the page's requests escapes the
 * route. Names are resolved once per context; Chromium resolves them again when it connects,
 * so a name answering differently the second time (DNS rebinding) is not caught here — the
 * image downloads, which keep what they fetch, connect through SafeFetcher, which pins the
 * address it checked.
 */
export async function guardBrowserEgress(
  context: BrowserContext,
  options: BrowserEgressOptions,
): Promise<BrowserEgressGuard> {
  const trustedHosts = new Set<string>();
  for (const url of options.trustedUrls) {
    try {
      trustedHosts.add(new URL(url).host.toLowerCase());
    } catch {
      // An unparsable address cannot be opened either; it trusts nothing.
    }
  }
  const resolve = options.resolve ?? resolveWithSystem;
  const resolved = new Map<string, Promise<readonly string[]>>();
  const reported = new Set<string>();
  let refused = 0;

  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: readonly string[] = [];
    if (/^(https?|wss?):$/.test(url.protocol) && isIP(hostname) === 0) {
      let pending = resolved.get(hostname);
      if (!pending) {
        pending = resolve(hostname);
        resolved.set(hostname, pending);
      }
      addresses = await pending;
    }
    const verdict = browserRequestVerdict(url, trustedHosts, options.allowList, addresses);
    if (verdict.allowed) {
      await route.fallback();
      return;
    }
    refused += 1;
    const where = verdict.reason === 'scheme' ? url.protocol : url.host;
    if (!reported.has(where)) {
      reported.add(where);
      // The host only: a full address can carry tokens of the page that asked for it.
      options.log.warn(
        { host: where, range: verdict.range, resourceType: route.request().resourceType() },
        'refused a browser request inside the network',
      );
    }
    await route.abort('blockedbyclient');
  });
  return { refused: () => refused };
}
