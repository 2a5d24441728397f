import { describe, expect, it } from 'vitest';
import {
  effectivePermissions,
  hashPassword,
  verifyAgainstNothing,
  verifyPassword,
  initialPassword,
  lockSecondsAfter,
  looksLikeApiToken,
  newApiToken,
  passwordProblems,
  sameSecret,
  secretDigest,
} from '../src/index.js';

describe('roles and permissions', () => {
  it('gives leadership dashboards but no raw evidence unless granted', () => {
    expect([...effectivePermissions('leadership')]).toEqual(['dashboard:view']);
    expect(effectivePermissions('leadership', ['evidence:view']).has('evidence:view')).toBe(true);
  });

  it('ignores extra grants that would amount to another role', () => {
    const liaison = effectivePermissions('liaison', ['users:manage', 'no-such-permission']);
    expect([...liaison]).toEqual(['incidents:liaison']);
  });

  it('gives admins everything officers have', () => {
    const admin = effectivePermissions('admin');
    for (const permission of effectivePermissions('officer'))
      expect(admin.has(permission)).toBe(true);
    expect(effectivePermissions('officer').has('users:manage')).toBe(false);
  });
});

describe('secrets and passwords', () => {
  it('makes recognisable API tokens and stores only their digest', () => {
    const token = newApiToken();
    expect(looksLikeApiToken(token)).toBe(true);
    expect(looksLikeApiToken(`${token}x`)).toBe(false);
    expect(secretDigest(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretDigest(token)).not.toContain(token.slice(4, 20));
    expect(sameSecret(token, token)).toBe(true);
    expect(sameSecret(token, newApiToken())).toBe(false);
  });

  it('rejects short and self-describing passwords, accepts a long passphrase', () => {
    expect(passwordProblems('short')).toEqual(['must be at least 12 characters']);
    expect(passwordProblems('nguyenvanan-2026!', 'nguyenvanan@syt.lamdong.gov.vn')).toEqual([
      'must not contain the account name',
    ]);
    expect(passwordProblems('aaaaaaaaaaaaaaaa')).toEqual([
      'must not repeat the same few characters',
    ]);
    expect(passwordProblems('đồi thông hai mộ 1975')).toEqual([]);
    expect(passwordProblems(initialPassword())).toEqual([]);
  });

  it('locks after five failures and doubles the wait, capped at an hour', () => {
    expect([1, 4, 5, 6, 7, 12, 30].map((failures) => lockSecondsAfter(failures))).toEqual([
      0, 0, 60, 120, 240, 3600, 3600,
    ]);
  });
});

describe('password hashing', () => {
  it('stores argon2id and verifies Vietnamese passwords whatever their Unicode form', async () => {
    const composed = 'Mật khẩu đủ dài 2026';
    const stored = await hashPassword(composed);
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await verifyPassword(stored, composed.normalize('NFD'))).toBe(true);
    expect(await verifyPassword(stored, 'Mat khau du dai 2026')).toBe(false);
    expect(await verifyPassword('not-a-hash', composed)).toBe(false);
    expect(await verifyAgainstNothing(composed)).toBe(false);
  });
});
