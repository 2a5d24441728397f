import type { FastifyRequest } from 'fastify';

/** Rate limits count per account or token, so one busy office does not block another. */
export function callerKey(request: FastifyRequest): string {
  const identity = request.identity;
  if (identity?.kind === 'user') return `user:${identity.user.id}`;
  if (identity?.kind === 'token') return `token:${identity.token.id}`;
  return `ip:${request.ip}`;
}
