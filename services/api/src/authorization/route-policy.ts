import type { Permission } from '@leakwatch/access';

/**
 * What a route demands of its caller.
 * - `public`: anyone, signed in or not.
 * - `signed-in`: any account; `sessionOnly` keeps integration tokens out (password changes).
 * - `permission`: an account whose role grants it, or a token scoped to it.
 * - `any-permission`: any one of several (an officer's and a liaison's way to the same act); the
 *   handler narrows what each may touch.
 */
export type RoutePolicy =
  | { access: 'public' }
  | { access: 'signed-in'; sessionOnly: boolean }
  | { access: 'permission'; permission: Permission; sessionOnly: boolean }
  | { access: 'any-permission'; permissions: readonly Permission[]; sessionOnly: boolean };

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

export function requiresAny(
  permissions: readonly Permission[],
  options: { sessionOnly?: boolean } = {},
): RoutePolicy {
  return { access: 'any-permission', permissions, sessionOnly: options.sessionOnly ?? false };
}
