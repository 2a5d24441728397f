/**
 * The sections of the dashboard and who sees them. The API decides what each caller may do;
 * this only hides links to pages whose every request would be refused.
 */
export interface NavItem {
  /** Translation key under `nav.` and the route segment. */
  id: 'triage' | 'incidents' | 'documents' | 'check' | 'sources' | 'overview' | 'admin';
  path: string;
  /** Any one of these permissions shows the item. */
  anyOf: readonly string[];
}

export const navItems: readonly NavItem[] = [
  { id: 'triage', path: '/triage', anyOf: ['alerts:read'] },
  { id: 'incidents', path: '/incidents', anyOf: ['incidents:read', 'incidents:liaison'] },
  { id: 'documents', path: '/documents', anyOf: ['documents:read'] },
  { id: 'check', path: '/check', anyOf: ['match:run'] },
  { id: 'sources', path: '/sources', anyOf: ['sources:manage'] },
  { id: 'overview', path: '/overview', anyOf: ['dashboard:view'] },
  {
    id: 'admin',
    path: '/admin',
    // Officers reach the suppressed matches (negative bank) they fill when dismissing.
    anyOf: ['users:manage', 'routing:manage', 'settings:manage', 'alerts:triage'],
  },
];

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  const granted = new Set(permissions);
  return navItems.filter((item) => item.anyOf.some((permission) => granted.has(permission)));
}

/** Where a signed-in person lands: the first section they may use. */
export function homePathFor(permissions: readonly string[]): string {
  return visibleNavItems(permissions)[0]?.path ?? '/account/password';
}
