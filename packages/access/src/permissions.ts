/**
 * Who may do what. Roles are bundles of permissions; routes require permissions, never roles,
 * so a grant such as `evidence:view` for one leadership account needs no new role.
 */
export const permissions = [
  'users:manage',
  'tokens:manage',
  'audit:read',
  'sources:manage',
  'routing:manage',
  'settings:manage',
  'documents:read',
  'documents:write',
  'match:run',
  'alerts:read',
  'alerts:triage',
  'incidents:read',
  'incidents:manage',
  /** A receiving department's contact: only incidents routed to their department. */
  'incidents:liaison',
  /** Raw evidence with personal data (images, captures, evidence packages). */
  'evidence:view',
  'dashboard:view',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ['admin', 'officer', 'leadership', 'liaison'] as const;
export type Role = (typeof roles)[number];

const officerPermissions: readonly Permission[] = [
  'documents:read',
  'documents:write',
  'match:run',
  'alerts:read',
  'alerts:triage',
  'incidents:read',
  'incidents:manage',
  'evidence:view',
  'dashboard:view',
];

export const roleGrants: Readonly<Record<Role, readonly Permission[]>> = {
  admin: [
    ...officerPermissions,
    'users:manage',
    'tokens:manage',
    'audit:read',
    'sources:manage',
    'routing:manage',
    'settings:manage',
  ],
  officer: officerPermissions,
  leadership: ['dashboard:view'],
  liaison: ['incidents:liaison'],
};

/**
 * Permissions an account may receive on top of its role. Deliberately short: the rest would
 * turn a role into another role and belongs in a role change, which the audit log shows plainly.
 */
export const grantablePermissions: readonly Permission[] = ['evidence:view'];

/** What an integration token may be scoped to: machine work, never administration. */
export const tokenScopes: readonly Permission[] = [
  'documents:read',
  'documents:write',
  'match:run',
  'alerts:read',
  'incidents:read',
];

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

export function effectivePermissions(role: Role, extra: readonly string[] = []): Set<Permission> {
  const granted = new Set<Permission>(roleGrants[role]);
  for (const permission of extra) {
    if (isPermission(permission) && grantablePermissions.includes(permission))
      granted.add(permission);
  }
  return granted;
}
