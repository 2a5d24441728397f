import type { Permission } from '@leakwatch/access';

/**
 * What a route demands of its caller.
 * - `public`: anyone, signed in or not.
 * - `signed-in`: any account; `sessionOnly` keeps integration tokens out (password changes).
 * - `permission`: an account whose role grants it, or a token scoped to it.
 */
export type RoutePolicy =
  | { access: 'public' }
  | { access: 'signed-in'; sessionOnly: boolean }
  | { access: 'permission'; permission: Permission; sessionOnly: boolean };

export const publicRoute: RoutePolicy = { access: 'public' };

export function signedIn(options: { sessionOnly?: boolean } = {}): RoutePolicy {
  return { access: 'signed-in', sessionOnly: options.sessionOnly ?? false };
}

export function requires(
  permission: Permission,
  options: { sessionOnly?: boolean } = {},
): RoutePolicy {
  return { access: 'permission', permission, sessionOnly: options.sessionOnly ?? false };
}
