import type { IndexablePage, Repositories } from '@leakwatch/db';
import type { LogSink } from '@leakwatch/observability';
import type { HashedFeature } from '@leakwatch/text';
import type { MatcherIndex } from './matcher-index.js';

export interface RegistrySyncOptions {
  /** Pages whose shingles were hashed with another key cannot match and are skipped. */
  textKeyId: string;
  /** How often to look for registrations and revocations by other processes. */
  pollMs?: number;
  log?: LogSink;
}

const pageBatch = 500;

/**
 * Keeps a process's `MatcherIndex` equal to the registry in PostgreSQL: a full load at start,
 * then the registry event log, polled every couple of seconds, so every matcher process sees
 * a registration or revocation within seconds and a restarted one misses nothing.
 */
export class RegistrySync {
  private lastEventId = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private skippedForKey = 0;

  constructor(
    private readonly repos: Pick<Repositories, 'documents'>,
    private readonly index: MatcherIndex,
    private readonly options: RegistrySyncOptions,
  ) {}

  /** Loads every active page. Events recorded from the start of the load are replayed after. */
  async load(): Promise<void> {
    this.lastEventId = await this.repos.documents.lastEventId();
    let after: string | undefined;
    for (;;) {
      const pages = await this.repos.documents.indexablePages({
        limit: pageBatch,
        ...(after ? { afterPageId: after } : {}),
      });
      if (pages.length === 0) break;
      await this.addPages(pages);
      after = pages.at(-1)?.pageId;
    }
    this.index.compact();
    await this.poll();
    if (this.skippedForKey > 0) {
      this.options.log?.warn(
        { pages: this.skippedForKey },
        'pages fingerprinted with another text key were skipped; register those documents again',
      );
    }
  }

  private async addPages(pages: readonly IndexablePage[]): Promise<void> {
    const usable = pages.filter((page) => {
      const ok = page.textKeyId === this.options.textKeyId;
      if (!ok) this.skippedForKey += 1;
      return ok;
    });
    const shingles = await this.repos.documents.shinglesOf(usable.map((page) => page.pageId));
    const features = new Map<string, HashedFeature[]>();
    for (const row of shingles) {
      const list = features.get(row.pageId) ?? [];
      list.push({
        hash: row.hash,
        kind: row.kind === 1 ? 'anchor' : row.kind === 2 ? 'date' : 'shingle',
      });
      features.set(row.pageId, list);
    }
    for (const page of usable) {
      this.index.addPage(
        {
          pageId: page.pageId,
          documentId: page.documentId,
          pageNumber: page.pageNumber,
          title: page.title,
          ...(page.pageCount === 1 ? { fileSha256: page.contentSha256 } : {}),
        },
        page.pdq,
        features.get(page.pageId) ?? [],
      );
    }
  }

  /** Applies registry events since the last one seen. */
  async poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        for (;;) {
          const events = await this.repos.documents.eventsSince(this.lastEventId);
          if (events.length === 0) break;
          for (const event of events) {
            if (event.type === 'revoked') this.index.removeDocument(event.documentId);
            else if (!this.index.hasDocument(event.documentId)) {
              await this.addPages(
                await this.repos.documents.indexablePages({
                  documentId: event.documentId,
                  limit: 10_000,
                }),
              );
            }
            this.lastEventId = event.id;
          }
        }
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  /** Applies every event committed before this call (a poll already running may predate it). */
  async catchUp(): Promise<void> {
    if (this.polling) await this.polling;
    await this.poll();
  }

  start(): void {
    const pollMs = this.options.pollMs ?? 2_000;
    this.timer = setInterval(() => {
      this.poll().catch((error: unknown) =>
        this.options.log?.warn({ err: error }, 'registry poll failed'),
      );
    }, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }
}
