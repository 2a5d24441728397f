import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import {
  deadlineCompliance,
  deadlineRuleSchema,
  incidentsByWeek,
  incidentStatuses,
  overviewDocumentTypes,
  overviewTimeZone,
  resolveOverviewRange,
} from '@leakwatch/incidents';
import { standardProblems } from '../../http/problem.js';

const severities = ['low', 'medium', 'high', 'critical'] as const;

const durationSchema = z.object({
  /** Cases measured. */
  count: z.number().int(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});

const tallySchema = {
  met: z.number().int(),
  late: z.number().int(),
  missed: z.number().int(),
  open: z.number().int(),
};

const overviewSchema = z
  .object({
    range: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
    generatedAt: z.string(),
    weekly: z.array(
      z.object({
        weekStart: z.string(),
        isoWeek: z.string(),
        /** Per document classification; `unregistered`: a leak of no registered document. */
        counts: z.record(z.enum(overviewDocumentTypes), z.number().int()),
        total: z.number().int(),
      }),
    ),
    durations: z.object({
      postingToDetection: durationSchema,
      detectionToRemoval: durationSchema,
    }),
    open: z.object({
      total: z.number().int(),
      byStatus: z.array(z.object({ status: z.enum(incidentStatuses), count: z.number().int() })),
      bySeverity: z.array(z.object({ severity: z.enum(severities), count: z.number().int() })),
      byDepartment: z.array(
        z.object({
          targetId: z.uuid().nullable(),
          name: z.string().nullable(),
          count: z.number().int(),
        }),
      ),
    }),
    deadlines: z.object({
      totals: z.object(tallySchema),
      complianceRate: z.number().nullable(),
      byRule: z.array(z.object({ rule: z.string(), label: z.string(), ...tallySchema })),
    }),
    topSources: z.array(
      z.object({
        sourceId: z.uuid(),
        kind: z.string(),
        name: z.string().nullable(),
        url: z.string(),
        incidents: z.number().int(),
        sightings: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Overview' });

/** Leadership's overview: the figures of a period, for the dashboard's charts and exports. */
export const overviewRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '',
    {
      schema: {
        tags: ['overview'],
        summary:
          'Figures of a period (Vietnam days, default the last 12 weeks, at most two years): incidents per week by document type, median and 90th-percentile time from posting to detection and from detection to removal, open incidents by status, severity and department, deadline compliance, top sources',
        querystring: z.object({
          from: z.string().max(32).optional(),
          to: z.string().max(32).optional(),
        }),
        response: { 200: overviewSchema, ...standardProblems },
      },
    },
    async (request) => {
      const now = new Date();
      const check = resolveOverviewRange(request.query, now);
      if (!check.ok)
        throw new LeakWatchError('LW_DATE_RANGE_INVALID', {
          params: { reason: check.reason },
          details: { from: request.query.from ?? null, to: request.query.to ?? null },
        });
      const { range } = check;
      const period = { start: range.start, end: range.end };
      const [weekRows, postingToDetection, detectionToRemoval, open, facts, rules, topSources] =
        await Promise.all([
          repos.overview.incidentsPerWeek(period, overviewTimeZone),
          repos.overview.postingToDetection(period),
          repos.overview.detectionToRemoval(period),
          repos.overview.openIncidents(period),
          repos.overview.deadlineFacts(period),
          repos.rules.deadlineRules({ active: true }),
          repos.overview.topSources(period),
        ]);
      return {
        range: { from: range.from, to: range.to, timeZone: overviewTimeZone },
        generatedAt: now.toISOString(),
        weekly: incidentsByWeek(range, weekRows),
        durations: { postingToDetection, detectionToRemoval },
        open,
        deadlines: deadlineCompliance(
          rules.map((rule) => deadlineRuleSchema.parse(rule)),
          facts,
          now,
        ),
        topSources,
      };
    },
  );
  return Promise.resolve();
};
