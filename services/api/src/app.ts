import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { LeakWatchConfig } from '@leakwatch/config';
import type { ChangeFeed, Repositories } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import type { Logger } from '@leakwatch/observability';
import type { DocumentServices } from './document-services.js';
import { audit } from './plugins/audit.js';
import { authentication } from './plugins/authentication.js';
import { authorization } from './plugins/authorization.js';
import { openApi } from './plugins/openapi.js';
import { problemDetails } from './plugins/problem-details.js';
import { auditRoutes } from './routes/audit/index.js';
import { dashboardRoutes } from './routes/dashboard/index.js';
import { authRoutes } from './routes/auth/index.js';
import { documentRoutes } from './routes/documents/index.js';
import { healthRoutes } from './routes/health/index.js';
import { matchRoutes } from './routes/match/index.js';
import { alertRoutes } from './routes/alerts/index.js';
import { deadLetterRoutes } from './routes/dead-letters/index.js';
import { floodHoldRoutes } from './routes/flood-holds/index.js';
import { incidentRoutes } from './routes/incidents/index.js';
import { notificationRoutes } from './routes/notifications/index.js';
import { overviewRoutes } from './routes/overview/index.js';
import { routingTargetRoutes } from './routes/routing-targets/index.js';
import { deadlineRuleRoutes, routingRuleRoutes } from './routes/rules/index.js';
import { matchDismissalRoutes } from './routes/match-dismissals/index.js';
import { queueBoardRoutes } from './routes/queue-board/index.js';
import { queueBoardPrefix } from './authorization/route-policies.js';
import { monitoringAccountRoutes } from './routes/monitoring-accounts/index.js';
import { documentPageRoutes } from './routes/document-pages/index.js';
import { eventRoutes } from './routes/events/index.js';
import { imageRoutes } from './routes/images/index.js';
import { sourceRoutes } from './routes/sources/index.js';
import { tokenRoutes } from './routes/tokens/index.js';
import { userRoutes } from './routes/users/index.js';

export interface AppDependencies {
  config: LeakWatchConfig;
  repos: Repositories;
  redis: Redis;
  log: Logger;
  /** Registration and matching; absent, those routes answer 503. */
  documentServices?: DocumentServices;
  /** Change announcements for the dashboard's live updates; absent, /api/events answers 503. */
  changeFeed?: ChangeFeed;
  /** The built dashboard; services/dashboard/dist of the checkout unless given. */
  dashboardDir?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDependencies;
  }
}

export type LeakWatchApp = FastifyInstance;

/**
 * Builds the HTTP application without listening (tests use `app.inject()`): external plugins,
 * then LeakWatch's own (errors, identity, access rules, audit, OpenAPI), then routes per resource.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance: logger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.api.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);

  await app.register(problemDetails);
  await app.register(helmet, {
    // The OpenAPI page loads its own scripts and styles from /docs/static.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // blob: lets the dashboard preview an image the officer picked, straight from memory.
        imgSrc: ["'self'", 'data:', 'blob:'],
      },
    },
  });
  // Closed unless origins are configured: the dashboard is served from the same origin.
  const corsOrigins = [...deps.config.api.corsOrigins];
  await app.register(cors, {
    origin: corsOrigins.length > 0 ? corsOrigins : false,
    credentials: true,
  });
  await app.register(cookie);
  await app.register(multipart);
  await app.register(rateLimit, {
    global: false,
    redis: deps.redis,
    nameSpace: `${deps.config.queue.prefix}:rate-limit:`,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new LeakWatchError('LW_RATE_LIMITED', {
        params: { seconds },
        details: { retryAfterSeconds: seconds },
      });
    },
  });
  await app.register(authentication);
  await app.register(authorization);
  await app.register(audit);
  await app.register(openApi);

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(tokenRoutes, { prefix: '/api/tokens' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(documentRoutes, { prefix: '/api/documents' });
  await app.register(matchRoutes, { prefix: '/api/match' });
  await app.register(sourceRoutes, { prefix: '/api/sources' });
  await app.register(monitoringAccountRoutes, { prefix: '/api/monitoring-accounts' });
  await app.register(alertRoutes, { prefix: '/api/alerts' });
  await app.register(imageRoutes, { prefix: '/api/images' });
  await app.register(documentPageRoutes, { prefix: '/api/documents' });
  await app.register(eventRoutes, { prefix: '/api/events' });
  await app.register(incidentRoutes, { prefix: '/api/incidents' });
  await app.register(notificationRoutes, { prefix: '/api/notifications' });
  await app.register(overviewRoutes, { prefix: '/api/overview' });
  await app.register(routingTargetRoutes, { prefix: '/api/routing-targets' });
  await app.register(routingRuleRoutes, { prefix: '/api/routing-rules' });
  await app.register(matchDismissalRoutes, { prefix: '/api/match-dismissals' });
  await app.register(deadlineRuleRoutes, { prefix: '/api/deadline-rules' });
  await app.register(deadLetterRoutes, { prefix: '/api/dead-letters' });
  await app.register(floodHoldRoutes, { prefix: '/api/flood-holds' });
  await app.register(queueBoardRoutes, { prefix: queueBoardPrefix });
  await app.register(dashboardRoutes, {
    root:
      deps.dashboardDir ?? path.join(deps.config.workspaceRoot, 'services', 'dashboard', 'dist'),
  });
  // Fails here, not at the first request, when a route has no access rule.
  await app.ready();
  return app;
}
