import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import { defaultDecodeLimits } from '@leakwatch/fingerprint';
import { matchReportView } from '@leakwatch/matcher';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { readSingleUpload } from '../../http/uploads.js';
import { callerKey } from '../../http/rate-limit-key.js';

const matchResultSchema = z
  .object({
    file: z.string(),
    verdict: z.enum(['match', 'sensitive-unregistered', 'no-match']),
    matches: z.array(
      z.object({
        documentId: z.uuid(),
        title: z.string(),
        page: z.number().int(),
        score: z.number(),
        signals: z.looseObject({ rules: z.array(z.string()), agreed: z.array(z.string()) }),
        region: z.unknown(),
      }),
    ),
    findings: z.array(z.object({ kind: z.string(), count: z.number().int() })),
    suppressed: z.array(z.object({ documentId: z.uuid(), page: z.number().int() })),
    seconds: z.number(),
    sha256: z.string(),
    risk: z.number(),
  })
  .meta({ id: 'MatchResult' });

/** "Kiểm tra ảnh" — check one image against the registry, with the reasons for the verdict. */
export const matchRoutes: FastifyPluginAsyncZod = (app) => {
  app.post(
    '',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: callerKey } },
      schema: {
        tags: ['match'],
        summary:
          'Kiểm tra ảnh — match one uploaded image (multipart "file"); the same answer as `leakwatch match --json`',
        consumes: ['multipart/form-data'],
        response: {
          200: matchResultSchema,
          413: problemSchema,
          415: problemSchema,
          422: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const services = app.deps.documentServices;
      if (!services)
        throw new LeakWatchError('LW_SERVICE_UNAVAILABLE', { params: { service: 'Matching' } });
      const upload = await readSingleUpload(
        request,
        defaultDecodeLimits.maxInputBytes,
        'LW_IMAGE_TOO_LARGE',
      );
      const matcher = await services.matcher();
      const report = await matcher.match(upload.bytes);
      await request.audit({
        action: 'image.matched',
        targetType: 'image',
        targetId: report.sha256,
        details: {
          verdict: report.verdict,
          documents: report.matches.map((match) => match.documentId),
        },
      });
      return { file: upload.fileName, ...matchReportView(report) };
    },
  );
  return Promise.resolve();
};
