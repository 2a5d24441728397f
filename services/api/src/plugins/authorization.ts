import fp from 'fastify-plugin';
import { sameSecret } from '@leakwatch/access';
import { LeakWatchError } from '@leakwatch/errors';
import { policyFor } from '../authorization/route-policies.js';
import type { RoutePolicy } from '../authorization/route-policy.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

export const csrfHeader = 'x-csrf-token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Enforces the route table. Registration fails for a route without a rule, so nothing can be
 * published unprotected by omission. Runs in onRequest, before the body is even parsed: an
 * anonymous caller learns nothing from validation messages.
 */
export const authorization = fp(
  (app) => {
    const unprotected: string[] = [];
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const policies = methods.map((method) => ({ method, policy: policyFor(method, route.url) }));
      for (const entry of policies)
        if (!entry.policy) unprotected.push(`${entry.method} ${route.url}`);
      route.config = { ...route.config, policy: policies[0]?.policy };
    });
    app.addHook('onReady', () => {
      if (unprotected.length > 0)
        throw new Error(
          `${[...new Set(unprotected)].join(', ')}: no access rule in services/api/src/authorization/route-policies.ts`,
        );
      return Promise.resolve();
    });

    app.addHook('onRequest', async (request) => {
      const policy = request.routeOptions.config.policy;
      // Unknown URLs reach the not-found handler, which has no policy and reveals nothing.
      if (!policy || policy.access === 'public') return;
      const identity = request.identity;
      if (!identity) throw new LeakWatchError('LW_UNAUTHENTICATED');
      if (policy.sessionOnly && identity.kind !== 'user')
        throw new LeakWatchError('LW_FORBIDDEN', {
          message: 'This route is for signed-in people, not integration tokens',
        });
      if (policy.access === 'permission' && !identity.permissions.has(policy.permission))
        throw new LeakWatchError('LW_FORBIDDEN', { params: { permission: policy.permission } });
      if (
        policy.access === 'any-permission' &&
        !policy.permissions.some((permission) => identity.permissions.has(permission))
      )
        throw new LeakWatchError('LW_FORBIDDEN', {
          params: { permission: policy.permissions.join(' or ') },
        });
      // Cookies ride along with any cross-site request; a header another site cannot read
      // or set proves the request came from our own page.
      if (identity.kind === 'user' && !safeMethods.has(request.method)) {
        const header = request.headers[csrfHeader];
        if (typeof header !== 'string' || !sameSecret(header, identity.session.csrfToken))
          throw new LeakWatchError('LW_CSRF_REJECTED');
      }
      return Promise.resolve();
    });
    return Promise.resolve();
  },
  { name: 'leakwatch-authorization', dependencies: ['leakwatch-authentication'] },
);
