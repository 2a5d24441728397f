import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import {
  acknowledgementPageHtml,
  ackLinkTtlDays,
  verifyAckToken,
  type AckTokenCheck,
} from '@leakwatch/incidents';
import { loadSecrets } from '@leakwatch/runtime';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { acknowledgementSchema, idParamsSchema } from '../../http/schemas.js';

const reasons: Record<Exclude<AckTokenCheck, { ok: true }>['reason'], string> = {
  malformed: 'the token is missing or damaged (copy the whole link from the message)',
  forged: 'the token was not issued for this notification',
  expired: `it is older than ${ackLinkTtlDays} days`,
};

const formType = 'application/x-www-form-urlencoded';

/**
 * Acknowledgement links: every notification to a receiving organisation carries
 * `/api/notifications/<id>/ack?token=…`, signed (no account needed). GET shows what it is and a
 * button; only POST records (mail scanners prefetch links, and must not acknowledge for anyone).
 * Webhook receivers POST to the `ackUrl` of their delivery with JSON.
 */
export const notificationRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config } = app.deps;
  let secrets: ReturnType<typeof loadSecrets> | undefined;
  const sealingKeys = async () => (await (secrets ??= loadSecrets(config))).thumbnailKeys;

  // The confirmation page posts an HTML form; only this plugin's routes accept one.
  app.addContentTypeParser(formType, { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  /** The notification a link names, once its token is proven. */
  const notificationFor = async (id: string, token: string | undefined) => {
    const check = verifyAckToken(id, token ?? '', await sealingKeys(), new Date());
    if (!check.ok)
      throw new LeakWatchError('LW_ACK_LINK_INVALID', {
        params: { reason: reasons[check.reason] },
      });
    const found = await repos.notifications.findById(id);
    if (!found) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The notification' } });
    return found;
  };

  const schema = {
    tags: ['notifications'],
    params: idParamsSchema,
    querystring: z.object({ token: z.string().max(200).optional() }),
  };

  app.get(
    '/:id/ack',
    {
      schema: {
        ...schema,
        summary:
          'The acknowledgement page of a notification (Vietnamese HTML): what it was, and a button; changes nothing',
        response: { 200: z.string(), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const { row, target } = await notificationFor(request.params.id, request.query.token);
      const payload = row.payload as { incident?: { title?: unknown } };
      const html = acknowledgementPageHtml({
        targetName: target?.name ?? null,
        incidentTitle: typeof payload.incident?.title === 'string' ? payload.incident.title : null,
        event: row.event,
        deliveredAt: row.deliveredAt,
        acknowledged:
          row.acknowledgedAt && row.acknowledgedBy
            ? { at: row.acknowledgedAt, by: row.acknowledgedBy }
            : null,
      });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );

  app.post(
    '/:id/ack',
    {
      schema: {
        ...schema,
        summary:
          'Acknowledge receipt of a notification with its link (no account needed); the first acknowledgement stands. A form post is answered with a redirect to the page, JSON with JSON',
        body: z
          .object({
            /** Who acknowledges; the receiving organisation's name when not given. */
            acknowledgedBy: z.string().trim().min(1).max(200).optional(),
          })
          // A receiver may POST nothing at all (Fastify gives null then).
          .nullish(),
        response: {
          200: acknowledgementSchema,
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const { row, target } = await notificationFor(request.params.id, request.query.token);
      const result = await repos.notifications.acknowledge(row.id, {
        name: request.body?.acknowledgedBy ?? target?.name ?? 'Người nhận thông báo',
        actorId: null,
        via: 'link',
      });
      if (!result)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The notification' } });
      if (result.first)
        await request.audit({
          action: 'notification.acknowledged',
          targetType: 'notification',
          targetId: row.id,
          details: { via: 'link', acknowledgedBy: result.row.acknowledgedBy },
        });
      // A person who pressed the button sees the page again, now showing the acknowledgement.
      if (request.headers['content-type']?.startsWith(formType))
        return reply.redirect(request.url, 303);
      return {
        notificationId: result.row.id,
        acknowledgedAt: result.row.acknowledgedAt?.toISOString() ?? '',
        acknowledgedBy: result.row.acknowledgedBy ?? '',
        recorded: result.first,
      };
    },
  );
  return Promise.resolve();
};
