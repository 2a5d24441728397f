import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeadlineRuleRow, RoutingRuleRow } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { deadlineRuleSchema, routingRuleSchema } from '@leakwatch/incidents';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { idParamsSchema } from '../../http/schemas.js';

const routingRuleView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    event: z.string(),
    targetKinds: z.array(z.string()),
    targetIds: z.array(z.uuid()),
    documentOwners: z.array(z.string()),
    classifications: z.array(z.string()),
    minSeverity: z.string().nullable(),
    active: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RoutingRule' });

const deadlineRuleView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    label: z.string(),
    startEvent: z.string(),
    durationHours: z.number(),
    remindBeforeHours: z.array(z.number()),
    remind: z.array(z.string()),
    metBy: z.string(),
    active: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DeadlineRule' });

function viewRoutingRule(rule: RoutingRuleRow): z.infer<typeof routingRuleView> {
  const { createdAt: _created, updatedAt, ...fields } = rule;
  return { ...fields, updatedAt: updatedAt.toISOString() };
}

function viewDeadlineRule(rule: DeadlineRuleRow): z.infer<typeof deadlineRuleView> {
  const { createdAt: _created, updatedAt, ...fields } = rule;
  return { ...fields, updatedAt: updatedAt.toISOString() };
}

/** Only what the caller sends changes (no defaults filled in); the name stays. */
const { shape } = deadlineRuleSchema;
const deadlineChangesSchema = z
  .object({
    label: shape.label,
    startEvent: shape.startEvent,
    durationHours: shape.durationHours,
    remindBeforeHours: shape.remindBeforeHours.unwrap(),
    remind: shape.remind,
    metBy: shape.metBy,
    active: shape.active.unwrap(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

const notFound = (what: string) => new LeakWatchError('LW_NOT_FOUND', { params: { what } });

/**
 * Routing rules (which targets hear of which incident events, filtered by document owner,
 * classification and severity) and deadline rules (which clocks run on an incident, who is
 * reminded when): records administrators edit, applied from the next event on. Rules are
 * switched off (`active: false`), never deleted, so the audit log keeps what was in force.
 */
export const routingRuleRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  /** Targets named by id must exist: a typo would silently route nowhere. */
  const checkTargets = async (ids: readonly string[] | undefined) => {
    for (const id of ids ?? [])
      if (!(await repos.routingTargets.findById(id))) throw notFound(`The routing target ${id}`);
  };

  app.get(
    '',
    {
      schema: {
        tags: ['routing'],
        summary: 'Routing rules: which targets hear of which incident events',
        response: { 200: z.object({ rules: z.array(routingRuleView) }), ...standardProblems },
      },
    },
    async () => ({ rules: (await repos.rules.routingRules()).map(viewRoutingRule) }),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['routing'],
        summary: 'Add a routing rule (applies from the next incident event)',
        body: routingRuleSchema,
        response: {
          201: z.object({ rule: routingRuleView }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      await checkTargets(request.body.targetIds);
      const rule = await repos.rules.createRoutingRule(request.body);
      await request.audit({
        action: 'routing_rule.created',
        targetType: 'routing_rule',
        targetId: rule.id,
        details: { ...request.body },
      });
      return reply.code(201).send({ rule: viewRoutingRule(rule) });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'Change a routing rule, or switch it off with active: false',
        params: idParamsSchema,
        // Partial, then checked whole: a change must leave a rule that selects some target.
        body: z
          .object({
            name: z.string(),
            event: z.string(),
            targetKinds: z.array(z.string()),
            targetIds: z.array(z.string()),
            documentOwners: z.array(z.string()),
            classifications: z.array(z.string()),
            minSeverity: z.string().nullable(),
            active: z.boolean(),
          })
          .partial()
          .refine((body) => Object.keys(body).length > 0, 'nothing to change'),
        response: {
          200: z.object({ rule: routingRuleView }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const existing = await repos.rules.routingRuleById(request.params.id);
      if (!existing) throw notFound('The routing rule');
      const merged = routingRuleSchema.safeParse({ ...viewRoutingRule(existing), ...request.body });
      if (!merged.success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: {
            problems: merged.error.issues
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; '),
          },
        });
      await checkTargets(merged.data.targetIds);
      const rule = await repos.rules.updateRoutingRule(existing.id, merged.data);
      if (!rule) throw notFound('The routing rule');
      await request.audit({
        action: 'routing_rule.changed',
        targetType: 'routing_rule',
        targetId: rule.id,
        details: { changes: request.body },
      });
      return { rule: viewRoutingRule(rule) };
    },
  );
  return Promise.resolve();
};

export const deadlineRuleRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Deadline rules: start event, duration, reminders',
        response: { 200: z.object({ rules: z.array(deadlineRuleView) }), ...standardProblems },
      },
    },
    async () => ({ rules: (await repos.rules.deadlineRules()).map(viewDeadlineRule) }),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Add a deadline rule (runs on every incident whose start event happened)',
        body: deadlineRuleSchema,
        response: {
          201: z.object({ rule: deadlineRuleView }),
          409: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const rule = await repos.rules.createDeadlineRule(request.body);
      if (!rule)
        throw new LeakWatchError('LW_CONFLICT', {
          params: { what: `A deadline rule named ${request.body.name}` },
        });
      await request.audit({
        action: 'deadline_rule.created',
        targetType: 'deadline_rule',
        targetId: rule.id,
        details: { ...request.body },
      });
      return reply.code(201).send({ rule: viewDeadlineRule(rule) });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Change a deadline rule (the name stays), or switch it off with active: false',
        params: idParamsSchema,
        body: deadlineChangesSchema,
        response: {
          200: z.object({ rule: deadlineRuleView }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const existing = await repos.rules.deadlineRuleById(request.params.id);
      if (!existing) throw notFound('The deadline rule');
      const sent = request.body;
      const rule = await repos.rules.updateDeadlineRule(existing.id, sent);
      if (!rule) throw notFound('The deadline rule');
      await request.audit({
        action: 'deadline_rule.changed',
        targetType: 'deadline_rule',
        targetId: rule.id,
        details: { changes: sent },
      });
      return { rule: viewDeadlineRule(rule) };
    },
  );
  return Promise.resolve();
};
