import { describe, expect, it } from 'vitest';
import { homePathFor, navItems, visibleNavItems } from '../src/lib/navigation.js';
import { newPasswordProblems } from '../src/lib/password.js';
import { moveSelection, triageActionFor, type KeyPress } from '../src/lib/shortcuts.js';

// The role bundles of packages/access (roleGrants), as /api/auth/me reports them.
const officer = [
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
const admin = [
  ...officer,
  'users:manage',
  'tokens:manage',
  'audit:read',
  'sources:manage',
  'routing:manage',
  'settings:manage',
];

const ids = (permissions: string[]) => visibleNavItems(permissions).map((item) => item.id);

describe('navigation by role', () => {
  it('shows each role only the sections it may use', () => {
    expect(ids(admin)).toEqual(navItems.map((item) => item.id));
    // Officers' administration is the suppressed matches they fill when dismissing.
    expect(ids(officer)).toEqual([
      'triage',
      'incidents',
      'documents',
      'check',
      'overview',
      'admin',
    ]);
    expect(ids(['dashboard:view'])).toEqual(['overview']);
    expect(ids(['incidents:liaison'])).toEqual(['incidents']);
  });

  it('lands each role on its first section', () => {
    expect(homePathFor(officer)).toBe('/triage');
    expect(homePathFor(['incidents:liaison'])).toBe('/incidents');
    expect(homePathFor([])).toBe('/account/password');
  });
});

describe('triage shortcuts', () => {
  const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
    key,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    target: { tagName: 'BODY', isContentEditable: false },
    ...extra,
  });

  it('maps j, k, c and d', () => {
    expect(['j', 'k', 'c', 'd', 'x'].map((key) => triageActionFor(press(key)))).toEqual([
      'next',
      'previous',
      'confirm',
      'dismiss',
      null,
    ]);
  });

  it('stays out of the way while typing or with a modifier held', () => {
    expect(
      triageActionFor(press('c', { target: { tagName: 'TEXTAREA', isContentEditable: false } })),
    ).toBeNull();
    expect(
      triageActionFor(press('j', { target: { tagName: 'DIV', isContentEditable: true } })),
    ).toBeNull();
    expect(triageActionFor(press('c', { ctrlKey: true }))).toBeNull();
  });

  it('moves within the list', () => {
    expect(moveSelection(0, 'next', 3)).toBe(1);
    expect(moveSelection(2, 'next', 3)).toBe(2);
    expect(moveSelection(0, 'previous', 3)).toBe(0);
    expect(moveSelection(-1, 'next', 0)).toBe(-1);
  });
});

describe('new password checks', () => {
  const email = 'nguyen.van.a@syt.lamdong.gov.vn';
  it('follows the API rules before sending', () => {
    expect(
      newPasswordProblems({ current: 'cũ', next: 'ngắn', confirmation: 'ngắn', email }),
    ).toEqual(['tooShort']);
    expect(
      newPasswordProblems({
        current: 'cũ',
        next: 'nguyen.van.a 2026 mới',
        confirmation: 'nguyen.van.a 2026 mới',
        email,
      }),
    ).toEqual(['containsAccount']);
    expect(
      newPasswordProblems({
        current: 'cũ',
        next: 'Mùa xuân Đà Lạt 2026',
        confirmation: 'Mùa xuân Đà Lạt',
        email,
      }),
    ).toEqual(['mismatch']);
    expect(
      newPasswordProblems({
        current: 'Mùa xuân Đà Lạt 2026',
        next: 'Mùa xuân Đà Lạt 2026',
        confirmation: 'Mùa xuân Đà Lạt 2026',
        email,
      }),
    ).toEqual(['unchanged']);
    expect(
      newPasswordProblems({
        current: 'cũ',
        next: 'Mùa xuân Đà Lạt 2026',
        confirmation: 'Mùa xuân Đà Lạt 2026',
        email,
      }),
    ).toEqual([]);
  });
});
