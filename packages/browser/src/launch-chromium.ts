import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { LeakWatchError } from '@leakwatch/errors';

/** Debian's package; other systems set CHROMIUM_PATH. */
export const debianChromium = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a locked-down server: no sandbox (we run as root in
 * containers), no GPU, and none of the background traffic (updates, sync, field trials)
 * a closed network refuses.
 */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--hide-scrollbars',
  '--mute-audio',
];

export function resolveChromiumPath(configured: string | undefined): string {
  const candidate = configured ?? debianChromium;
  if (!existsSync(candidate)) {
    throw new LeakWatchError('LW_BROWSER_MISSING', {
      params: {
        path: candidate,
        hint: 'install Debian/Ubuntu\'s "chromium" package (bash infra/setup.sh does), or set CHROMIUM_PATH to a Chromium or Chrome executable. LeakWatch never downloads a browser.',
      },
    });
  }
  return candidate;
}

export async function launchChromium(
  configuredPath: string | undefined,
  options: Omit<LaunchOptions, 'executablePath' | 'args'> & { extraArgs?: string[] } = {},
): Promise<Browser> {
  const { extraArgs = [], ...launchOptions } = options;
  return chromium.launch({
    ...launchOptions,
    executablePath: resolveChromiumPath(configuredPath),
    args: [...chromiumArgs, ...extraArgs],
  });
}
