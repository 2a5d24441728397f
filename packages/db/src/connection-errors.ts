/** Socket failures reaching the server: refused, reset, unroutable, unresolvable, timed out. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not yet back: admin_shutdown (restart, fail-over,
 * pg_terminate_backend), crash_shutdown, cannot_connect_now (starting up, shutting down,
 * recovering). Class 08, connection exceptions, is matched as a whole.
 */
const unavailableStates = new Set(['57P01', '57P02', '57P03']);

/** node-postgres reports a lost or never-made connection with these messages only, no code. */
const lostConnectionMessages = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

function matchesOne(error: object): boolean {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined) {
    if (networkCodes.has(code) || unavailableStates.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  const message = error instanceof Error ? error.message : undefined;
  return message !== undefined && lostConnectionMessages.some((text) => message.startsWith(text));
}

/**
 * Whether `error` means PostgreSQL cannot be reached right now (as opposed to a query that is
 * wrong): a refused, reset or timed-out connection, a server shutting down or starting up.
 * Looks through `cause` (drizzle wraps driver errors) and AggregateError's `errors` (a host
 * with several addresses).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (matchesOne(current)) return true;
    if ('cause' in current) pending.push(current.cause);
    if (current instanceof AggregateError) pending.push(...(current.errors as unknown[]));
  }
  return false;
}
