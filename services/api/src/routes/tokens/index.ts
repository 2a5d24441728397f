import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newApiToken, secretDigest } from '@leakwatch/access';
import type { ApiToken } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { apiTokenSchema, idParamsSchema, isoDate, tokenScopeSchema } from '../../http/schemas.js';

function tokenView(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: isoDate(token.lastUsedAt),
    expiresAt: isoDate(token.expiresAt),
    revokedAt: isoDate(token.revokedAt),
  };
}

/** Integration tokens (the document-management system, scripts): hashed at rest, scoped, revocable. */
export const tokenRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Every API token (never their secrets)',
        response: { 200: z.object({ tokens: z.array(apiTokenSchema) }), ...standardProblems },
      },
    },
    async () => ({ tokens: (await repos.apiTokens.list()).map(tokenView) }),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a token; its secret is shown once',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          scopes: z.array(tokenScopeSchema).min(1).max(10),
          expiresInDays: z.number().int().min(1).max(730).optional(),
        }),
        response: {
          201: z.object({ token: apiTokenSchema, secret: z.string() }),
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const secret = newApiToken();
      const { name, scopes, expiresInDays } = request.body;
      const token = await repos.apiTokens.create({
        name,
        scopes: [...new Set(scopes)],
        tokenHash: secretDigest(secret),
        createdBy: request.identity?.kind === 'user' ? request.identity.user.id : null,
        expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
      });
      await request.audit({
        action: 'token.created',
        targetType: 'api_token',
        targetId: token.id,
        details: { name, scopes: token.scopes, expiresAt: isoDate(token.expiresAt) },
      });
      return reply.code(201).send({ token: tokenView(token), secret });
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (effective on its next request)',
        params: idParamsSchema,
        response: { 204: z.null(), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const result = await repos.apiTokens.revoke(request.params.id);
      if (!result) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The token' } });
      if (result.changed)
        await request.audit({
          action: 'token.revoked',
          targetType: 'api_token',
          targetId: result.token.id,
          details: { name: result.token.name },
        });
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
