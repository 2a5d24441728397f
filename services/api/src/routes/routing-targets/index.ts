import { isIP } from 'node:net';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RoutingTarget } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { sealWebhookSecret } from '@leakwatch/incidents';
import { loadSecrets } from '@leakwatch/runtime';
import { parseAllowList, urlHostVerdict } from '@leakwatch/safe-fetch';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { idParamsSchema, isoDate } from '../../http/schemas.js';

const kindSchema = z.enum(['department', 'police', 'data_protection_agency']);
const targetSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    formerNames: z.array(z.string()),
    kind: kindSchema,
    emails: z.array(z.string()),
    webhookUrl: z.string().nullable(),
    /** The secret itself is write-only: sealed at rest, never returned. */
    hasWebhookSecret: z.boolean(),
    activeFrom: z.string().nullable(),
    activeUntil: z.string().nullable(),
  })
  .meta({ id: 'RoutingTarget' });

const editableSchema = z.object({
  name: z.string().trim().min(2).max(300),
  formerNames: z.array(z.string().trim().min(2).max(300)).max(20).default([]),
  kind: kindSchema,
  emails: z.array(z.email()).max(20).default([]),
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
  webhookSecret: z.string().min(16).max(200).optional(),
  activeFrom: z.iso.datetime({ offset: true }).nullable().default(null),
  activeUntil: z.iso.datetime({ offset: true }).nullable().default(null),
});

function targetView(target: RoutingTarget): z.infer<typeof targetSchema> {
  return {
    id: target.id,
    name: target.name,
    formerNames: target.formerNames,
    kind: target.kind,
    emails: target.emails,
    webhookUrl: target.webhookUrl,
    hasWebhookSecret: target.webhookSecretCiphertext !== null,
    activeFrom: isoDate(target.activeFrom),
    activeUntil: isoDate(target.activeUntil),
  };
}

/**
 * Why a webhook address cannot be saved, or null. The notifier refuses private addresses at
 * every delivery anyway (names are judged only once resolved); what can be seen in the address
 * itself is refused here, where the administrator can correct it.
 */
function webhookUrlProblem(
  url: string,
  allowList: ReadonlySet<string>,
  production: boolean,
): string | null {
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    return 'webhookUrl: credentials do not belong in the address (the webhook secret signs each request)';
  const where = `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? 443 : 80)}`;
  const seen = urlHostVerdict(parsed, new Set());
  if (!seen.allowed && !urlHostVerdict(parsed, allowList).allowed)
    return `webhookUrl: ${parsed.hostname} is a ${seen.range} address; webhooks are sent to public addresses only, unless WEBHOOK_ALLOW lists ${
      isIP(parsed.hostname.replace(/^\[|\]$/g, '')) ? where : 'the address (not the name) and port'
    }`;
  // A listed private receiver is on the department's own network; anything else crosses the internet.
  if (production && parsed.protocol !== 'https:' && seen.allowed)
    return 'webhookUrl: must use https (the body carries incident details and an acknowledgement link)';
  return null;
}

/**
 * The organisations incidents are routed to (departments, police, the data-protection agency):
 * records with effective dates, since organisations merge and rename. Administrators edit them;
 * a target is retired by ending its period, never deleted (older incidents name it).
 */
export const routingTargetRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config } = app.deps;
  let secrets: ReturnType<typeof loadSecrets> | undefined;
  const sealingKeys = async () => (await (secrets ??= loadSecrets(config))).thumbnailKeys;
  const webhookAllowList = parseAllowList(config.notifier.webhookAllow);
  const checkWebhookUrl = (url: string | null | undefined) => {
    const problem = url ? webhookUrlProblem(url, webhookAllowList, config.isProduction) : null;
    if (problem)
      throw new LeakWatchError('LW_VALIDATION_FAILED', { params: { problems: problem } });
  };

  app.get(
    '',
    {
      schema: {
        tags: ['routing'],
        summary: 'Routing targets (optionally only those active at a time)',
        querystring: z.object({ activeAt: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: z.object({ targets: z.array(targetSchema) }), ...standardProblems },
      },
    },
    async (request) => ({
      targets: (
        await repos.routingTargets.list(
          request.query.activeAt ? { activeAt: new Date(request.query.activeAt) } : {},
        )
      ).map(targetView),
    }),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['routing'],
        summary: 'Add a routing target',
        body: editableSchema,
        response: { 201: z.object({ target: targetSchema }), ...standardProblems },
      },
    },
    async (request, reply) => {
      const { webhookSecret, activeFrom, activeUntil, ...fields } = request.body;
      checkWebhookUrl(fields.webhookUrl);
      if (fields.webhookUrl && !webhookSecret)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: 'webhookSecret: a webhook needs a secret to sign its requests' },
        });
      const target = await repos.routingTargets.create({
        ...fields,
        activeFrom: activeFrom ? new Date(activeFrom) : null,
        activeUntil: activeUntil ? new Date(activeUntil) : null,
        webhookSecretCiphertext: webhookSecret
          ? sealWebhookSecret(webhookSecret, await sealingKeys())
          : null,
      });
      await request.audit({
        action: 'routing_target.created',
        targetType: 'routing_target',
        targetId: target.id,
        details: { name: target.name, kind: target.kind },
      });
      return reply.code(201).send({ target: targetView(target) });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'Change a routing target (contacts, webhook, period); end it with activeUntil',
        params: idParamsSchema,
        body: editableSchema.partial(),
        response: {
          200: z.object({ target: targetSchema }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const existing = await repos.routingTargets.findById(request.params.id);
      if (!existing)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The routing target' } });
      const { webhookSecret, activeFrom, activeUntil, ...fields } = request.body;
      checkWebhookUrl(fields.webhookUrl);
      const webhookUrl = fields.webhookUrl === undefined ? existing.webhookUrl : fields.webhookUrl;
      if (webhookUrl && !webhookSecret && !existing.webhookSecretCiphertext)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: 'webhookSecret: a webhook needs a secret to sign its requests' },
        });
      const target = await repos.routingTargets.update(existing.id, {
        ...fields,
        ...(activeFrom !== undefined
          ? { activeFrom: activeFrom ? new Date(activeFrom) : null }
          : {}),
        ...(activeUntil !== undefined
          ? { activeUntil: activeUntil ? new Date(activeUntil) : null }
          : {}),
        ...(webhookSecret
          ? { webhookSecretCiphertext: sealWebhookSecret(webhookSecret, await sealingKeys()) }
          : {}),
      });
      if (!target)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The routing target' } });
      await request.audit({
        action: 'routing_target.changed',
        targetType: 'routing_target',
        targetId: target.id,
        details: {
          fields: Object.keys(request.body).filter((field) => field !== 'webhookSecret'),
          webhookSecretReplaced: webhookSecret !== undefined,
        },
      });
      return { target: targetView(target) };
    },
  );
  return Promise.resolve();
};
