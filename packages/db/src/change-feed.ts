import pg from 'pg';
import type { LogSink } from '@leakwatch/observability';

/** Tables whose changes PostgreSQL announces (migration 0009_change_notifications). */
export const watchedTables = [
  'alerts',
  'incidents',
  'incident_events',
  'notification_outbox',
  'sources',
  'documents',
] as const;
export type WatchedTable = (typeof watchedTables)[number];

const channel = 'leakwatch_changes';

export interface ChangeFeedOptions {
  log?: LogSink;
  /** First wait before reconnecting after the connection is lost; doubles up to 30 s. */
  retryMs?: number;
  applicationName?: string;
}

export interface ChangeFeed {
  /**
   * Called with each changed table, and with `resync` after the connection came back: changes
   * made while it was down were not heard, so listeners should reload everything they show.
   */
  subscribe(listener: (change: WatchedTable | 'resync') => void): () => void;
  close(): Promise<void>;
}

function isWatched(value: string): value is WatchedTable {
  return (watchedTables as readonly string[]).includes(value);
}

/**
 * One connection per process LISTENing for the change announcements, shared by every
 * subscriber (the dashboard's live-update streams). It connects on the first subscriber,
 * reconnects with backoff after a database restart, and stays quiet when nobody listens.
 */
export function openChangeFeed(url: string, options: ChangeFeedOptions = {}): ChangeFeed {
  const listeners = new Set<(change: WatchedTable | 'resync') => void>();
  const firstRetryMs = options.retryMs ?? 1_000;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = firstRetryMs;
  let connectedBefore = false;
  let closed = false;

  const emit = (change: WatchedTable | 'resync') => {
    for (const listener of listeners) listener(change);
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer || listeners.size === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  };

  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      const next = new pg.Client({
        connectionString: url,
        application_name: options.applicationName ?? 'leakwatch-change-feed',
        connectionTimeoutMillis: 10_000,
      });
      const lost = (error?: Error) => {
        if (client !== next) return;
        client = undefined;
        next.removeAllListeners();
        next.on('error', () => undefined);
        void next.end().catch(() => undefined);
        if (!closed)
          options.log?.warn({ err: error }, 'change feed lost its connection; reconnecting');
        scheduleReconnect();
      };
      // Heard from before LISTEN returns: a change committed just after the server registered
      // the LISTEN can arrive in the same read as its reply, ahead of the code after `await`.
      next.on('notification', (message) => {
        if (message.channel === channel && message.payload && isWatched(message.payload))
          emit(message.payload);
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${channel}`);
      } catch (error) {
        next.on('error', () => undefined);
        await next.end().catch(() => undefined);
        options.log?.warn({ err: error }, 'change feed could not connect; retrying');
        scheduleReconnect();
        return;
      }
      if (closed || listeners.size === 0) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      retryMs = firstRetryMs;
      next.on('error', lost);
      next.on('end', () => {
        lost();
      });
      if (connectedBefore) emit('resync');
      connectedBefore = true;
    })().finally(() => {
      connecting = undefined;
    }));

  const disconnect = async () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    const current = client;
    client = undefined;
    connectedBefore = false;
    if (current) {
      current.removeAllListeners();
      current.on('error', () => undefined);
      await current.end().catch(() => undefined);
    }
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!client && !retryTimer) void connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        // A connection being made is closed once made (connect checks for listeners too).
        if (connecting) void connecting.then(disconnect);
        else void disconnect();
      };
    },
    async close() {
      closed = true;
      listeners.clear();
      await connecting;
      await disconnect();
    },
  };
}
