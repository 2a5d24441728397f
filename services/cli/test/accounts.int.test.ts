import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyPassword } from '@leakwatch/access';
import { useTestDatabase } from '@leakwatch/testkit';
import { cliAgainst } from './support/leakwatch-cli.js';

const testDb = useTestDatabase();
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-accounts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const leakwatch = cliAgainst(
  () => testDb().url,
  inject('leakwatch').redisUrl,
  () => path.join(dir, 'data'),
);

describe('leakwatch users and audit', () => {
  it('creates the first admin with a one-time password, once per email', async () => {
    const created = await leakwatch(
      'users',
      'create-admin',
      '--email',
      'Quantri@SYT.lamdong.gov.vn',
      '--json',
    );
    expect(created.code).toBe(0);
    const line = created.lines[0] as {
      userId: string;
      email: string;
      role: string;
      initialPassword: string;
    };
    expect(line.email).toBe('quantri@syt.lamdong.gov.vn');
    expect(line.role).toBe('admin');
    const stored = await testDb().repos.users.findById(line.userId);
    expect(await verifyPassword(stored?.passwordHash ?? '', line.initialPassword)).toBe(true);
    expect(stored?.passwordHash).not.toContain(line.initialPassword);

    const again = await leakwatch('users', 'create-admin', '--email', 'quantri@syt.lamdong.gov.vn');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('LW_CONFLICT');
    const invalid = await leakwatch('users', 'create-admin', '--email', 'không-phải-email');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('LW_VALIDATION_FAILED');

    const listed = await leakwatch('users', 'list', '--json');
    expect(listed.lines.map((user) => user['email'])).toEqual(['quantri@syt.lamdong.gov.vn']);
  });

  it('verifies the audit chain and exits non-zero at the first broken link', async () => {
    const intact = await leakwatch('audit', 'verify', '--json');
    expect(intact.code).toBe(0);
    expect(intact.lines[0]).toMatchObject({ ok: true });
    const rows = (intact.lines[0] as { rows: number }).rows;
    expect(rows).toBeGreaterThanOrEqual(1);

    const { pool } = testDb().handle;
    const first = await pool.query<{ id: string }>('select id from audit_log order by id limit 1');
    await pool.query('alter table audit_log disable trigger audit_log_append_only');
    await pool.query(`update audit_log set action = 'user.updated' where id = $1`, [
      first.rows[0]?.id,
    ]);
    await pool.query('alter table audit_log enable trigger audit_log_append_only');

    const broken = await leakwatch('audit', 'verify', '--json');
    expect(broken.code).toBe(1);
    expect(broken.lines[0]).toMatchObject({
      ok: false,
      rows: 0,
      broken: { id: Number(first.rows[0]?.id), reason: 'content-altered' },
    });
    const human = await leakwatch('audit', 'verify');
    expect(human.stdout).toContain(`BROKEN at entry ${first.rows[0]?.id ?? ''}`);
  });
});
