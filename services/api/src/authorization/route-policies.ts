import { publicRoute, requires, requiresAny, signedIn, type RoutePolicy } from './route-policy.js';

/**
 * Every route's access rule, in one place. A route registered without an entry here stops the
 * API from starting (see plugins/authorization.ts), and the route×role test walks this table.
 * Keys are `METHOD path` exactly as the route is declared.
 */
export const routePolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /healthz': publicRoute,
  'GET /readyz': publicRoute,

  'POST /api/auth/login': publicRoute,
  'POST /api/auth/logout': signedIn({ sessionOnly: true }),
  'GET /api/auth/me': signedIn({ sessionOnly: true }),
  'POST /api/auth/password': signedIn({ sessionOnly: true }),

  'GET /api/users': requires('users:manage'),
  'POST /api/users': requires('users:manage', { sessionOnly: true }),
  'PATCH /api/users/:id': requires('users:manage', { sessionOnly: true }),
  'POST /api/users/:id/reset-password': requires('users:manage', { sessionOnly: true }),

  'GET /api/tokens': requires('tokens:manage'),
  'POST /api/tokens': requires('tokens:manage', { sessionOnly: true }),
  'DELETE /api/tokens/:id': requires('tokens:manage', { sessionOnly: true }),

  'GET /api/audit': requires('audit:read'),
  'GET /api/audit/verify': requires('audit:read'),

  'GET /api/documents': requires('documents:read'),
  'POST /api/documents': requires('documents:write'),
  'GET /api/documents/:id': requires('documents:read'),
  'DELETE /api/documents/:id': requires('documents:write'),

  'POST /api/match': requires('match:run'),

  'GET /api/sources': requires('sources:manage'),
  'POST /api/sources': requires('sources:manage'),
  'PATCH /api/sources/:id': requires('sources:manage'),
  'DELETE /api/sources/:id': requires('sources:manage'),
  'POST /api/sources/:id/crawl': requires('sources:manage'),
  // Officers who see a leak with their own eyes hand its address over for capture.
  'POST /api/sources/post': requires('alerts:triage'),

  'GET /api/monitoring-accounts': requires('sources:manage'),
  'POST /api/monitoring-accounts': requires('sources:manage', { sessionOnly: true }),
  'PUT /api/monitoring-accounts/:id/storage-state': requires('sources:manage', {
    sessionOnly: true,
  }),
  'DELETE /api/monitoring-accounts/:id': requires('sources:manage', { sessionOnly: true }),

  'GET /api/alerts/groups': requires('alerts:read'),
  'GET /api/alerts': requires('alerts:read'),
  'POST /api/alerts/decisions': requires('alerts:triage', { sessionOnly: true }),
  'GET /api/alerts/facets': requires('alerts:read'),
  'GET /api/alerts/:id': requires('alerts:read'),

  // Crawled pictures: blurred for anyone who sees alerts or incidents; in clear (audited) only
  // with the evidence permission.
  'GET /api/images/:id/preview': requiresAny(['alerts:read', 'incidents:read']),
  'GET /api/images/:id/revealed': requires('evidence:view', { sessionOnly: true }),
  'GET /api/documents/:id/pages/:pageNumber/thumbnail': requiresAny([
    'documents:read',
    'alerts:read',
  ]),
  'GET /api/documents/:id/pages/:pageNumber/thumbnail/revealed': requires('evidence:view', {
    sessionOnly: true,
  }),

  // Live updates: names of what changed, for any signed-in person; the data stays behind its routes.
  'GET /api/events': signedIn({ sessionOnly: true }),

  // Liaisons: only incidents their department was notified of (scoped in the handler).
  'GET /api/incidents': requiresAny(['incidents:read', 'incidents:liaison']),
  'GET /api/incidents/:id': requiresAny(['incidents:read', 'incidents:liaison']),
  'PATCH /api/incidents/:id': requires('incidents:manage', { sessionOnly: true }),
  'GET /api/incidents/:id/report': requires('incidents:read', { sessionOnly: true }),
  'GET /api/incidents/:id/evidence.zip': requires('evidence:view', { sessionOnly: true }),
  'POST /api/incidents/:id/comments': requires('incidents:manage', { sessionOnly: true }),
  'POST /api/incidents/:id/tasks': requires('incidents:manage', { sessionOnly: true }),
  'PATCH /api/incidents/:id/tasks/:taskId': requires('incidents:manage', { sessionOnly: true }),
  // Officers for anyone; a liaison only for notifications to their own department.
  'POST /api/incidents/:id/notifications/:notificationId/acknowledge': requiresAny(
    ['incidents:manage', 'incidents:liaison'],
    { sessionOnly: true },
  ),
  // The signed link in a notification is the credential: receivers need no account.
  'GET /api/notifications/:id/ack': publicRoute,
  'POST /api/notifications/:id/ack': publicRoute,

  // Leadership's figures: counts, durations and where leaks were seen; no leaked content.
  'GET /api/overview': requires('dashboard:view'),

  'GET /api/routing-targets': requires('routing:manage'),
  'POST /api/routing-targets': requires('routing:manage', { sessionOnly: true }),
  'PATCH /api/routing-targets/:id': requires('routing:manage', { sessionOnly: true }),
  'GET /api/match-dismissals': requires('alerts:triage'),
  'DELETE /api/match-dismissals/:id': requires('settings:manage', { sessionOnly: true }),
  'GET /api/routing-rules': requires('routing:manage'),
  'POST /api/routing-rules': requires('routing:manage', { sessionOnly: true }),
  'PATCH /api/routing-rules/:id': requires('routing:manage', { sessionOnly: true }),
  'GET /api/deadline-rules': requires('routing:manage'),
  'POST /api/deadline-rules': requires('routing:manage', { sessionOnly: true }),
  'PATCH /api/deadline-rules/:id': requires('routing:manage', { sessionOnly: true }),

  // Operations: jobs that failed for good.
  'GET /api/dead-letters': requires('settings:manage'),
  'POST /api/dead-letters/:id/retry': requires('settings:manage', { sessionOnly: true }),
  'DELETE /api/dead-letters/:id': requires('settings:manage', { sessionOnly: true }),

  // A page that suddenly matches everything: its held alerts, released or dismissed at once.
  'GET /api/flood-holds': requires('settings:manage'),
  'POST /api/flood-holds/:id/release': requires('settings:manage', { sessionOnly: true }),
};

/** The OpenAPI page and its assets: public, they describe the API and carry no data. */
export const documentationPrefix = '/docs';

/** Bull Board (queues, jobs and their payloads): administrators, signed in. */
export const queueBoardPrefix = '/admin/queues';
const queueBoardPolicy = requires('settings:manage', { sessionOnly: true });

/**
 * The dashboard's files and pages (routes/dashboard): public like any web page's HTML and
 * scripts; they carry no data, which comes from /api under that route's own rule.
 */
export const dashboardRoute = '/*';

export function policyFor(method: string, url: string): RoutePolicy | undefined {
  if (url === documentationPrefix || url.startsWith(`${documentationPrefix}/`)) return publicRoute;
  if (url === queueBoardPrefix || url.startsWith(`${queueBoardPrefix}/`)) return queueBoardPolicy;
  if (url === dashboardRoute && (method === 'GET' || method === 'HEAD')) return publicRoute;
  // Fastify adds a HEAD route for every GET; it answers exactly as the GET does.
  const effectiveMethod = method === 'HEAD' ? 'GET' : method;
  // A prefixed plugin's '/' route answers both with and without the trailing slash.
  const path = url.length > 1 && url.endsWith('/') ? url.slice(0, -1) : url;
  return routePolicies[`${effectiveMethod} ${path}`];
}
