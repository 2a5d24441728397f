import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WatchedTable } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { standardProblems } from '../../http/problem.js';

/** What a dashboard reloads; several tables feed one topic (an incident's timeline, deliveries). */
export type LiveTopic = 'alerts' | 'incidents' | 'sources' | 'documents';

export function topicOf(table: WatchedTable): LiveTopic {
  switch (table) {
    case 'alerts':
      return 'alerts';
    case 'incidents':
    case 'incident_events':
    case 'notification_outbox':
      return 'incidents';
    case 'sources':
      return 'sources';
    case 'documents':
      return 'documents';
  }
}

const everyTopic: readonly LiveTopic[] = ['alerts', 'incidents', 'sources', 'documents'];

/** Changes within this window go out as one message: a batch of 500 decisions is one reload. */
const coalesceMs = 300;
/** Comment lines keep proxies from closing a quiet stream. */
const heartbeatMs = 20_000;
/** Streams end after a while so the browser reconnects and its session is checked again. */
const streamLifetimeMs = 15 * 60_000;
const maxStreams = 500;

/**
 * Live updates for the dashboard as server-sent events: `change` messages name the topics
 * that changed (never their data, which the page then asks for under its own access rules).
 */
export const eventRoutes: FastifyPluginAsyncZod = (app) => {
  const feed = app.deps.changeFeed;
  const open = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const stream of open) stream.end();
    done();
  });

  app.get(
    '',
    {
      schema: {
        tags: ['live'],
        summary: 'Server-sent events naming what changed (alerts, incidents, sources, documents)',
        response: {
          200: z.string().meta({ contentMediaType: 'text/event-stream' }),
          ...standardProblems,
        },
      },
    },
    (request, reply) => {
      if (!feed || open.size >= maxStreams)
        throw new LeakWatchError('LW_SERVICE_UNAVAILABLE', { params: { service: 'Live updates' } });
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
        // nginx and similar proxies otherwise hold the stream back in their buffers.
        'x-accel-buffering': 'no',
      });
      stream.write('retry: 3000\n\n');
      open.add(stream);
      const pending = new Set<LiveTopic>();
      let flushTimer: NodeJS.Timeout | undefined;
      const flush = () => {
        flushTimer = undefined;
        if (pending.size === 0) return;
        const topics = everyTopic.filter((topic) => pending.has(topic));
        pending.clear();
        stream.write(`event: change\ndata: ${JSON.stringify({ topics })}\n\n`);
      };
      const unsubscribe = feed.subscribe((change) => {
        if (change === 'resync') for (const topic of everyTopic) pending.add(topic);
        else pending.add(topicOf(change));
        flushTimer ??= setTimeout(flush, coalesceMs);
      });
      const heartbeat = setInterval(() => stream.write(': ping\n\n'), heartbeatMs);
      const lifetime = setTimeout(() => stream.end(), streamLifetimeMs);
      const cleanUp = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        if (flushTimer) clearTimeout(flushTimer);
        open.delete(stream);
      };
      stream.on('close', cleanUp);
      stream.write(': connected\n\n');
    },
  );
  return Promise.resolve();
};
