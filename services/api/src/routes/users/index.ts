import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword, initialPassword, roles } from '@leakwatch/access';
import { createAccount } from '@leakwatch/accounts';
import { LeakWatchError } from '@leakwatch/errors';
import { actorOf, publicUser } from '../../http/identity.js';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { grantablePermissionSchema, idParamsSchema, userSchema } from '../../http/schemas.js';

const newUserSchema = z.object({
  email: z.email().max(320),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  permissions: z.array(grantablePermissionSchema).max(10).default([]),
  routingTargetId: z.uuid().nullable().default(null),
  locale: z.enum(['vi', 'en']).default('vi'),
  /** Omit to have one generated and shown once in the answer. */
  password: z.string().max(1024).optional(),
});

const userChangesSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(roles),
    permissions: z.array(grantablePermissionSchema).max(10),
    routingTargetId: z.uuid().nullable(),
    locale: z.enum(['vi', 'en']),
    disabled: z.boolean(),
  })
  .partial();

/** Accounts are created by admins only: there is no sign-up. */
export const userRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'Người dùng — every account',
        response: { 200: z.object({ users: z.array(userSchema) }), ...standardProblems },
      },
    },
    async () => ({ users: (await repos.users.list()).map(publicUser) }),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'Create an account (the generated password is shown once)',
        body: newUserSchema,
        response: {
          201: z.object({ user: userSchema, initialPassword: z.string().optional() }),
          409: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const { user, initialPassword } = await createAccount(repos, request.body, {
        ...actorOf(request.identity),
        requestId: request.id,
        ip: request.ip,
      });
      return reply
        .code(201)
        .send({ user: publicUser(user), ...(initialPassword ? { initialPassword } : {}) });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change an account: name, role, grants, department, language, disabled',
        params: idParamsSchema,
        body: userChangesSchema,
        response: {
          200: z.object({ user: userSchema }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const identity = request.identity;
      const changes = request.body;
      if (identity?.kind === 'user' && identity.user.id === request.params.id) {
        // An admin locking themselves out would leave nobody to undo it.
        if (changes.disabled === true || (changes.role && changes.role !== 'admin'))
          throw new LeakWatchError('LW_VALIDATION_FAILED', {
            params: {
              problems: 'you cannot disable your own account or give up your own admin role',
            },
          });
      }
      const before = await repos.users.findById(request.params.id);
      if (!before) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The account' } });
      const user = await repos.users.update(request.params.id, changes);
      if (!user) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The account' } });
      // Losing access takes effect now, not when the session would have expired.
      if (changes.disabled === true || (changes.role && changes.role !== before.role))
        await repos.sessions.deleteForUser(user.id);
      await request.audit({
        action: 'user.updated',
        targetType: 'user',
        targetId: user.id,
        details: {
          changes,
          before: {
            role: before.role,
            permissions: before.permissions,
            disabled: before.disabledAt !== null,
          },
        },
      });
      return { user: publicUser(user) };
    },
  );

  app.post(
    '/:id/reset-password',
    {
      schema: {
        tags: ['users'],
        summary: 'Reset a password (also unlocks); the new one is shown once',
        params: idParamsSchema,
        response: {
          200: z.object({ initialPassword: z.string() }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const user = await repos.users.findById(request.params.id);
      if (!user) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The account' } });
      const password = initialPassword();
      await repos.users.setPassword(user.id, await hashPassword(password));
      await repos.sessions.deleteForUser(user.id);
      await request.audit({ action: 'user.password_reset', targetType: 'user', targetId: user.id });
      return { initialPassword: password };
    },
  );
  return Promise.resolve();
};
