import {
  hashPassword,
  initialPassword,
  passwordProblems,
  type Permission,
  type Role,
} from '@leakwatch/access';
import type { NewAuditEntry, Repositories, User } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';

export interface NewAccount {
  email: string;
  displayName: string;
  role: Role;
  permissions?: Permission[];
  routingTargetId?: string | null;
  locale?: 'vi' | 'en';
  /** Omitted: one is generated and returned once. */
  password?: string;
}

/**
 * Creates an account with an argon2id password and records it in the audit log. Shared by the
 * API (admins creating users) and the command line (the first admin).
 */
export async function createAccount(
  repos: Pick<Repositories, 'users' | 'audit'>,
  account: NewAccount,
  actor: Pick<NewAuditEntry, 'actorType' | 'actorId' | 'requestId' | 'ip'>,
): Promise<{ user: User; initialPassword?: string }> {
  const { password, ...fields } = account;
  const generated = password === undefined ? initialPassword() : undefined;
  const chosen = password ?? generated ?? initialPassword();
  const problems = passwordProblems(chosen, fields.email);
  if (problems.length > 0)
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: { problems: `the password ${problems.join(', ')}` },
    });
  const user = await repos.users.create({
    ...fields,
    permissions: fields.permissions ?? [],
    passwordHash: await hashPassword(chosen),
  });
  if (!user)
    throw new LeakWatchError('LW_CONFLICT', { params: { what: `An account for ${fields.email}` } });
  await repos.audit.append({
    ...actor,
    action: 'user.created',
    targetType: 'user',
    targetId: user.id,
    details: { email: user.email, role: user.role, permissions: user.permissions },
  });
  return generated ? { user, initialPassword: generated } : { user };
}

export const firstAdminEmail = 'admin@leakwatch.local';

/**
 * On a brand-new installation, creates the first admin so somebody can sign in, and returns
 * its one-time password for the start command to print. Does nothing once any account exists.
 */
export async function ensureFirstAdmin(
  repos: Pick<Repositories, 'users' | 'audit'>,
): Promise<{ email: string; initialPassword: string } | undefined> {
  if ((await repos.users.count()) > 0) return undefined;
  try {
    const created = await createAccount(
      repos,
      { email: firstAdminEmail, displayName: 'Quản trị viên', role: 'admin' },
      { actorType: 'system', actorId: 'first-start' },
    );
    return created.initialPassword
      ? { email: created.user.email, initialPassword: created.initialPassword }
      : undefined;
  } catch (error) {
    // Another process created it first: it printed the password, not us.
    if (error instanceof LeakWatchError && error.code === 'LW_CONFLICT') return undefined;
    throw error;
  }
}
