import { parseAllowList, SafeFetcher } from '@leakwatch/safe-fetch';

/**
 * The client webhooks go out through. Receivers' addresses are typed by administrators, and the
 * notifier runs next to databases and cloud metadata: only public addresses are called, plus the
 * `address:port` pairs listed (`WEBHOOK_ALLOW`), and a redirect is never followed.
 */
export function createWebhookClient(allow: readonly string[]): SafeFetcher {
  return new SafeFetcher({
    allowList: parseAllowList(allow),
    timeoutMs: 15_000,
    // Not read for webhooks: answers are discarded and redirects refused.
    maxRedirects: 0,
    maxBytes: 0,
    userAgent: 'LeakWatch notifier',
  });
}
