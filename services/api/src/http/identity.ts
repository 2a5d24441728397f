import type { Permission } from '@leakwatch/access';
import type { ApiToken, Session, User } from '@leakwatch/db';

/** Who is calling: an account through its session cookie, or an integration through its token. */
export type Identity =
  | { kind: 'user'; user: User; session: Session; permissions: ReadonlySet<Permission> }
  | { kind: 'token'; token: ApiToken; permissions: ReadonlySet<Permission> };

export function actorOf(identity: Identity | null): {
  actorType: 'user' | 'token' | 'anonymous';
  actorId: string | null;
} {
  if (!identity) return { actorType: 'anonymous', actorId: null };
  return identity.kind === 'user'
    ? { actorType: 'user', actorId: identity.user.id }
    : { actorType: 'token', actorId: identity.token.id };
}

/** What the API shows of an account: never its password hash or lockout counters. */
export function publicUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    permissions: user.permissions,
    routingTargetId: user.routingTargetId,
    locale: user.locale,
    disabled: user.disabledAt !== null,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
