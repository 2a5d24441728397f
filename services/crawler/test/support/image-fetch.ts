import type { FacebookSimulator } from '@leakwatch/fb-sim';
import { parseAllowList, SafeFetcher, type SafeFetchOptions } from '@leakwatch/safe-fetch';

/** The crawler's image-fetch limits with the simulators' loopback addresses allowed. */
export function imageFetchFor(
  ...simulators: FacebookSimulator[]
): Omit<SafeFetchOptions, 'proxyUrl' | 'userAgent'> {
  return {
    allowList: parseAllowList(simulators.map((sim) => new URL(sim.origin).host)),
    maxBytes: 25 * 1024 * 1024,
    maxRedirects: 3,
    timeoutMs: 30_000,
  };
}

export function fetcherFor(...simulators: FacebookSimulator[]): SafeFetcher {
  return new SafeFetcher(imageFetchFor(...simulators));
}
