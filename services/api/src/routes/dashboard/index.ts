import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import {
  dashboardRoute,
  documentationPrefix,
  queueBoardPrefix,
} from '../../authorization/route-policies.js';

/** Addresses that belong to the API and its tools, never to the single-page app. */
export function isReservedPath(pathname: string): boolean {
  return (
    pathname.startsWith(documentationPrefix) ||
    ['/api', queueBoardPrefix, '/metrics'].some(
      (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`),
    )
  );
}

/** Whether an Accept header admits an HTML page (no header admits anything). */
export function acceptsHtml(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  return accept.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const refused = parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
    return !refused && (type === 'text/html' || type === 'text/*' || type === '*/*');
  });
}

const notBuilt = [
  'LeakWatch: giao diện (dashboard) chưa được build.',
  'Chạy: pnpm --filter @leakwatch/dashboard build   (bash infra/setup.sh cũng làm việc này)',
  '',
  'LeakWatch: the dashboard has not been built.',
  'Run: pnpm --filter @leakwatch/dashboard build   (bash infra/setup.sh does it too)',
  '',
  'API: /api · OpenAPI: /docs',
  '',
].join('\n');

/**
 * The dashboard (services/dashboard/dist), served from the same origin as the API so the session
 * cookie and the CSP need no exceptions: hashed files under /assets/ are cached for good, and
 * every page address a browser opens gets index.html, where the app's router takes over. Other
 * requests (API paths, non-HTML) fall through to the problem+json 404.
 */
export const dashboardRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  const built = existsSync(path.join(root, 'index.html'));
  // preCompressed: the dashboard's build writes .br and .gz copies beside each file
  // (services/dashboard/scripts/precompress-assets.ts); browsers that accept them get those.
  if (built)
    await app.register(fastifyStatic, { root, serve: false, index: false, preCompressed: true });

  app.get(dashboardRoute, { schema: { hide: true } }, (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const isAsset = pathname.startsWith('/assets/');
    // Vite puts a content hash in every asset's name: a changed file is a new address.
    if (isAsset && built)
      return reply.sendFile(pathname.slice(1), { maxAge: 365 * 86_400_000, immutable: true });
    if (!isAsset && !isReservedPath(pathname) && acceptsHtml(request.headers.accept))
      return built
        ? reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
        : reply.code(503).type('text/plain; charset=utf-8').send(notBuilt);
    reply.callNotFound();
    return reply;
  });
  return Promise.resolve();
};
