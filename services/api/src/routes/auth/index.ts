import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  effectivePermissions,
  hashPassword,
  lockoutPolicy,
  passwordProblems,
  randomSecret,
  secretDigest,
  verifyAgainstNothing,
  verifyPassword,
} from '@leakwatch/access';
import type { User } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { publicUser } from '../../http/identity.js';
import { standardProblems } from '../../http/problem.js';
import { userSchema } from '../../http/schemas.js';
import { sessionCookieName } from '../../plugins/authentication.js';

const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

const signedInSchema = z.object({
  user: userSchema,
  permissions: z.array(z.string()),
  /** Send back as X-CSRF-Token on every change made with the session cookie. */
  csrfToken: z.string(),
});

export const authRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config } = app.deps;

  const failSignIn = async (
    request: FastifyRequest,
    email: string,
    user: User | undefined,
    reason: string,
  ) => {
    const updated = user ? await repos.users.recordFailedLogin(user.id, lockoutPolicy) : undefined;
    await request.audit({
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user?.id ?? null,
      details: { email, reason, failures: updated?.failedLoginCount ?? null },
    });
    throw new LeakWatchError('LW_INVALID_CREDENTIALS');
  };

  app.post(
    '/login',
    {
      config: { rateLimit: { max: config.api.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập — sign in with email and password; sets the session cookie',
        body: credentialsSchema,
        response: { 200: signedInSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      const user = await repos.users.findByEmail(email);
      if (!user?.passwordHash || user.disabledAt) {
        await verifyAgainstNothing(request.body.password);
        return failSignIn(request, email, undefined, user ? 'disabled' : 'unknown-account');
      }
      if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
        // Not even checked: while locked, a right guess and a wrong one look the same.
        const seconds = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
        await request.audit({
          action: 'auth.login_locked',
          targetType: 'user',
          targetId: user.id,
          details: { email, seconds },
        });
        throw new LeakWatchError('LW_ACCOUNT_LOCKED', {
          params: { seconds },
          details: { retryAfterSeconds: seconds },
        });
      }
      if (!(await verifyPassword(user.passwordHash, request.body.password)))
        return failSignIn(request, email, user, 'wrong-password');

      await repos.users.recordSuccessfulLogin(user.id);
      const { csrfToken } = await startSession(request, reply, user);
      await request.audit({
        action: 'auth.login',
        actor: { actorType: 'user', actorId: user.id },
        targetType: 'user',
        targetId: user.id,
      });
      return { user: publicUser(user), permissions: permissionsOf(user), csrfToken };
    },
  );

  async function startSession(request: FastifyRequest, reply: FastifyReply, user: User) {
    const secret = randomSecret();
    const csrfToken = randomSecret();
    const now = Date.now();
    await repos.sessions.create({
      id: secretDigest(secret),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(
        Math.min(
          now + config.sessions.idleMinutes * 60_000,
          now + config.sessions.maxHours * 3_600_000,
        ),
      ),
      ip: request.ip,
      userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
    });
    void reply.setCookie(sessionCookieName, secret, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.sessions.secureCookie,
      path: '/',
      maxAge: config.sessions.maxHours * 3600,
    });
    return { csrfToken };
  }

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đăng xuất — end this session',
        response: { 204: z.null(), ...standardProblems },
      },
    },
    async (request, reply) => {
      const identity = request.identity;
      if (identity?.kind === 'user') {
        await repos.sessions.delete(identity.session.id);
        await request.audit({
          action: 'auth.logout',
          targetType: 'user',
          targetId: identity.user.id,
        });
      }
      void reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in account, its permissions and its CSRF token',
        response: { 200: signedInSchema, ...standardProblems },
      },
    },
    (request) => {
      const identity = request.identity;
      if (identity?.kind !== 'user') throw new LeakWatchError('LW_UNAUTHENTICATED');
      return {
        user: publicUser(identity.user),
        permissions: [...identity.permissions],
        csrfToken: identity.session.csrfToken,
      };
    },
  );

  app.post(
    '/password',
    {
      config: { rateLimit: { max: config.api.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Đổi mật khẩu — change your password; signs out your other sessions',
        body: z.object({
          currentPassword: z.string().min(1).max(1024),
          newPassword: z.string().min(1).max(1024),
        }),
        response: { 204: z.null(), ...standardProblems },
      },
    },
    async (request, reply) => {
      const identity = request.identity;
      if (identity?.kind !== 'user') throw new LeakWatchError('LW_UNAUTHENTICATED');
      const { user, session } = identity;
      // A stolen session must not be a way to guess the password without the lockout.
      if (
        !user.passwordHash ||
        !(await verifyPassword(user.passwordHash, request.body.currentPassword))
      )
        return failSignIn(request, user.email, user, 'wrong-current-password');
      const problems = passwordProblems(request.body.newPassword, user.email);
      if (problems.length > 0)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: `the new password ${problems.join(', ')}` },
        });
      await repos.users.setPassword(user.id, await hashPassword(request.body.newPassword));
      const signedOut = await repos.sessions.deleteForUser(user.id, session.id);
      await request.audit({
        action: 'auth.password_changed',
        targetType: 'user',
        targetId: user.id,
        details: { otherSessionsEnded: signedOut },
      });
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};

function permissionsOf(user: User): string[] {
  return [...effectivePermissions(user.role, user.permissions)];
}
