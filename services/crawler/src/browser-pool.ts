import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import type { LogSink } from '@leakwatch/observability';

export interface BrowserPoolOptions {
  launch: () => Promise<Browser>;
  /** Crawls served by one Chromium before it is replaced (pages leak memory over time). */
  crawlsPerBrowser?: number;
  log?: LogSink;
}

/**
 * One Chromium per crawler worker, used for one crawl at a time in a fresh context, and
 * relaunched after a budget of crawls so a long-running worker's memory stays bounded.
 */
export class BrowserPool {
  private browser: Browser | undefined;
  private launching: Promise<Browser> | undefined;
  private used = 0;
  private readonly budget: number;

  constructor(private readonly options: BrowserPoolOptions) {
    this.budget = options.crawlsPerBrowser ?? 25;
  }

  /** Runs `use` in a new browser context that is closed afterwards, whatever happens. */
  async withContext<T>(
    contextOptions: BrowserContextOptions,
    use: (context: BrowserContext) => Promise<T>,
  ): Promise<T> {
    const browser = await this.current();
    this.used += 1;
    const context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1280, height: 900 },
      // A service worker's requests bypass the context's routes, and with them the egress guard.
      serviceWorkers: 'block',
      ...contextOptions,
    });
    try {
      return await use(context);
    } finally {
      await context.close().catch(() => undefined);
      if (this.used >= this.budget) await this.recycle();
    }
  }

  /** Memory of this process (the browser runs in its own, reported by the OS). */
  usage(): { crawls: number; rssBytes: number } {
    return { crawls: this.used, rssBytes: process.memoryUsage.rss() };
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    await browser?.close().catch(() => undefined);
  }

  private async current(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= this.options.launch().finally(() => {
      this.launching = undefined;
    });
    this.browser = await this.launching;
    this.used = 0;
    return this.browser;
  }

  private async recycle(): Promise<void> {
    this.options.log?.info({ crawls: this.used }, 'recycling the crawler browser');
    await this.close();
  }
}
