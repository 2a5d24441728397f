import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import { loadSecrets } from '@leakwatch/runtime';
import {
  addMonitoringAccount,
  monitoringAccountView,
  sealStorageState,
  storageStateSchema,
} from '@leakwatch/sources';
import { actorOf } from '../../http/identity.js';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { idParamsSchema, monitoringAccountSchema } from '../../http/schemas.js';

const proxyUrl = z.url({ protocol: /^(https?|socks5)$/ });

/**
 * Facebook accounts the department owns, for groups that need a login. Their cookies are sealed
 * at rest and never leave the server again: the API takes them in and only says whether an
 * account has some.
 */
export const monitoringAccountRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config } = app.deps;
  let keys: ReturnType<typeof loadSecrets> | undefined;
  const sealingKeys = async () => (await (keys ??= loadSecrets(config))).thumbnailKeys;

  app.get(
    '',
    {
      schema: {
        tags: ['sources'],
        summary: 'Monitoring accounts with their state (never their cookies)',
        response: {
          200: z.object({ accounts: z.array(monitoringAccountSchema) }),
          ...standardProblems,
        },
      },
    },
    async () => ({ accounts: (await repos.monitoringAccounts.list()).map(monitoringAccountView) }),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['sources'],
        summary: 'Add an account from a Playwright storage state saved after signing in',
        body: z.object({
          label: z.string().trim().min(1).max(200),
          storageState: storageStateSchema,
          proxyUrl: proxyUrl.optional(),
        }),
        response: { 201: z.object({ account: monitoringAccountSchema }), ...standardProblems },
      },
    },
    async (request, reply) => {
      const account = await addMonitoringAccount(repos, request.body, await sealingKeys(), {
        ...actorOf(request.identity),
        requestId: request.id,
        ip: request.ip,
      });
      return reply.code(201).send({ account: monitoringAccountView(account) });
    },
  );

  app.put(
    '/:id/storage-state',
    {
      schema: {
        tags: ['sources'],
        summary: 'Replace the cookies after signing in again (clears a login or checkpoint state)',
        params: idParamsSchema,
        body: storageStateSchema,
        response: {
          200: z.object({ account: monitoringAccountSchema }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const account = await repos.monitoringAccounts.replaceStorageState(
        request.params.id,
        sealStorageState(request.body, await sealingKeys()),
      );
      if (!account) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The account' } });
      await request.audit({
        action: 'monitoring_account.cookies_replaced',
        targetType: 'monitoring_account',
        targetId: account.id,
        details: { cookies: request.body.cookies.length },
      });
      return { account: monitoringAccountView(account) };
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['sources'],
        summary: 'Delete an account and its cookies; its sources are crawled without one',
        params: idParamsSchema,
        response: { 204: z.null(), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const removed = await repos.monitoringAccounts.remove(request.params.id);
      if (!removed) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The account' } });
      await request.audit({
        action: 'monitoring_account.removed',
        targetType: 'monitoring_account',
        targetId: removed.id,
        details: { label: removed.label },
      });
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
