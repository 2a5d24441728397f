import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RegisteredDocument } from '@leakwatch/db';
import { defaultExtractionLimits } from '@leakwatch/documents';
import { LeakWatchError } from '@leakwatch/errors';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { documentSchema, idParamsSchema, isoDate } from '../../http/schemas.js';
import { callerKey } from '../../http/rate-limit-key.js';
import { readSingleUpload } from '../../http/uploads.js';

/** Metadata sent as form fields beside the file; everything optional. */
const metadataFieldsSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  numberSymbol: z.string().trim().min(1).max(100).optional(),
  issuingUnit: z.string().trim().min(1).max(300).optional(),
  classification: z.enum(['thuong', 'mat', 'toi_mat', 'tuyet_mat']).optional(),
  ownerDepartment: z.string().trim().min(1).max(300).optional(),
  /** Comma-separated. */
  tags: z
    .string()
    .max(1000)
    .transform((value) =>
      value
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag.length > 0),
    )
    .optional(),
  retentionUntil: z.iso.date().optional(),
});

const registrationSchema = z
  .object({
    documentId: z.uuid(),
    title: z.string(),
    pages: z.number().int(),
    status: z.enum(['registered', 'already-registered']),
  })
  .meta({ id: 'Registration' });

function documentView(document: RegisteredDocument) {
  return {
    id: document.id,
    title: document.title,
    numberSymbol: document.numberSymbol,
    issuingUnit: document.issuingUnit,
    classification: document.classification,
    ownerDepartment: document.ownerDepartment,
    tags: document.tags,
    retentionUntil: document.retentionUntil,
    pageCount: document.pageCount,
    status: document.status,
    registeredAt: document.registeredAt.toISOString(),
    revokedAt: isoDate(document.revokedAt),
  };
}

/** Registered documents: metadata only; their fingerprints never leave the server. */
export const documentRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;
  const services = () => {
    if (!app.deps.documentServices)
      throw new LeakWatchError('LW_SERVICE_UNAVAILABLE', {
        params: { service: 'Document registration' },
      });
    return app.deps.documentServices;
  };

  app.get(
    '',
    {
      schema: {
        tags: ['documents'],
        summary: 'Tài liệu đã đăng ký — registered documents',
        querystring: z.object({
          status: z.enum(['active', 'revoked']).optional(),
          classification: z.enum(['thuong', 'mat', 'toi_mat', 'tuyet_mat']).optional(),
          /** The owning department, exactly as registered. */
          ownerDepartment: z.string().trim().min(1).max(300).optional(),
          search: z.string().trim().min(1).max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ documents: z.array(documentSchema) }), ...standardProblems },
      },
    },
    async (request) => ({
      documents: (await repos.documents.list(request.query)).map(documentView),
    }),
  );

  app.post(
    '',
    {
      config: {
        rateLimit: { max: 60, timeWindow: 60_000, keyGenerator: callerKey },
      },
      schema: {
        tags: ['documents'],
        summary:
          'Đăng ký tài liệu — register a document (multipart: a "file" part, optional metadata fields). Integrations push with a documents:write token.',
        consumes: ['multipart/form-data'],
        response: {
          201: registrationSchema,
          200: registrationSchema,
          413: problemSchema,
          415: problemSchema,
          422: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const upload = await readSingleUpload(
        request,
        defaultExtractionLimits.maxBytes,
        'LW_DOCUMENT_TOO_LARGE',
      );
      const fields = metadataFieldsSchema.safeParse(upload.fields);
      if (!fields.success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: {
            problems: fields.error.issues
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; '),
          },
        });
      const identity = request.identity;
      const registry = await services().registry();
      const result = await registry.register({
        bytes: upload.bytes,
        fileName: upload.fileName,
        metadata: {
          ...definedOnly(fields.data),
          ...(identity?.kind === 'user' ? { registeredBy: identity.user.id } : {}),
        },
      });
      await request.audit({
        action:
          result.status === 'registered' ? 'document.registered' : 'document.registration_repeated',
        targetType: 'document',
        targetId: result.documentId,
        details: { title: result.title, pages: result.pages, fileName: upload.fileName },
      });
      return reply.code(result.status === 'registered' ? 201 : 200).send(result);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'One registered document',
        params: idParamsSchema,
        response: {
          200: z.object({ document: documentSchema }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const document = await repos.documents.findById(request.params.id);
      if (!document) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The document' } });
      return { document: documentView(document) };
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['documents'],
        summary:
          'Thu hồi — revoke a registration: its fingerprints leave every matcher within seconds',
        params: idParamsSchema,
        response: {
          200: z.object({
            status: z.enum(['revoked', 'already-revoked']),
            document: documentSchema,
          }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const identity = request.identity;
      const revokedBy = identity?.kind === 'user' ? identity.user.id : null;
      const revoked = await repos.documents.revoke(request.params.id, revokedBy);
      if (revoked) {
        await request.audit({
          action: 'document.revoked',
          targetType: 'document',
          targetId: revoked.id,
          details: { title: revoked.title },
        });
        return { status: 'revoked' as const, document: documentView(revoked) };
      }
      const existing = await repos.documents.findById(request.params.id);
      if (!existing) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The document' } });
      return { status: 'already-revoked' as const, document: documentView(existing) };
    },
  );
  return Promise.resolve();
};

function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
