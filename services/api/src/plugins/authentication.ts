import fp from 'fastify-plugin';
import {
  effectivePermissions,
  looksLikeApiToken,
  secretDigest,
  tokenScopes,
  type Permission,
} from '@leakwatch/access';
import type { Identity } from '../http/identity.js';

export const sessionCookieName = 'lw_session';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
}

// Writing lastSeenAt on every request would turn each read into a write; once a minute is enough
// for the idle timeout.
const touchIntervalMs = 60_000;

/**
 * Resolves the caller before anything else runs: `Authorization: Bearer lwt_…` for
 * integrations, the `lw_session` cookie for people. An invalid credential is treated as none;
 * the authorisation step then answers 401 where the route needs one.
 */
export const authentication = fp(
  (app) => {
    const { repos, config } = app.deps;
    app.decorateRequest('identity', null);

    app.addHook('onRequest', async (request) => {
      const authorization = request.headers.authorization;
      if (authorization?.startsWith('Bearer ')) {
        const secret = authorization.slice('Bearer '.length).trim();
        if (!looksLikeApiToken(secret)) return;
        const token = await repos.apiTokens.findUsable(secretDigest(secret));
        if (!token) return;
        request.identity = {
          kind: 'token',
          token,
          permissions: new Set(token.scopes.filter((scope) => isGrantedScope(scope))),
        };
        // "Still in use?" needs minute precision, not a write on every integration request.
        if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > touchIntervalMs)
          void repos.apiTokens.markUsed(token.id).catch((error: unknown) => {
            request.log.warn({ err: error }, 'could not record token use');
          });
        return;
      }

      const cookie = request.cookies[sessionCookieName];
      if (!cookie) return;
      const found = await repos.sessions.findActive(secretDigest(cookie));
      if (!found || found.user.disabledAt) return;
      const { session, user } = found;
      request.identity = {
        kind: 'user',
        user,
        session,
        permissions: effectivePermissions(user.role, user.permissions),
      };
      const now = Date.now();
      if (now - session.lastSeenAt.getTime() > touchIntervalMs) {
        const absoluteEnd = session.createdAt.getTime() + config.sessions.maxHours * 3_600_000;
        const idleEnd = now + config.sessions.idleMinutes * 60_000;
        await repos.sessions.touch(session.id, new Date(Math.min(absoluteEnd, idleEnd)));
      }
    });
    return Promise.resolve();
  },
  { name: 'leakwatch-authentication', dependencies: ['@fastify/cookie'] },
);

/** Only scopes a token may carry count, whatever the row says. */
function isGrantedScope(scope: string): scope is Permission {
  return (tokenScopes as readonly string[]).includes(scope);
}
