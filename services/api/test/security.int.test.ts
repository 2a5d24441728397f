import { compileErrors, validate } from '@readme/openapi-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createRepositories } from '@leakwatch/db';
import { useTestDatabase } from '@leakwatch/testkit';
import { routePolicies } from '../src/authorization/route-policies.js';
import {
  cookieFrom,
  createUser,
  sessionHeaders,
  startApi,
  testPassword,
  tokenHeaders,
} from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };

beforeAll(async () => {
  api = await startApi(testDb().repos, { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
});
afterAll(async () => {
  await api.close();
});

function login(email: string, password: string) {
  return api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
}

describe('sign-in and sessions', () => {
  it('signs in, serves the account through the cookie, and signs out for good', async () => {
    const user = await createUser(testDb().repos, 'officer');
    const response = await login(user.email.toUpperCase(), testPassword);
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Secure');
    const body = response.json<{ csrfToken: string; permissions: string[] }>();
    expect(body.permissions).toContain('alerts:triage');
    expect(body.permissions).not.toContain('users:manage');
    expect(response.body).not.toContain('passwordHash');

    const cookie = cookieFrom(response.headers['set-cookie']);
    const me = await api.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { email: string } }>().user.email).toBe(user.email);
    // Only the digest of the cookie is stored: the database cannot hand out sessions.
    const stored = await testDb().handle.pool.query<{ id: string }>(
      'select id from sessions where user_id = $1',
      [user.id],
    );
    expect(stored.rows.map((row) => row.id)).not.toContain(cookie.split('=')[1]);

    const logout = await api.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': body.csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    const after = await api.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'LW_UNAUTHENTICATED', status: 401 });
  });

  it('ends other sessions when the password changes, and enforces the password rules', async () => {
    const { repos } = testDb();
    const user = await createUser(repos, 'officer');
    const current = await sessionHeaders(repos, user);
    const other = await sessionHeaders(repos, user);
    const weak = await api.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: current,
      payload: { currentPassword: testPassword, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ detail: string }>().detail).toContain('at least 12 characters');
    const changed = await api.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: current,
      payload: { currentPassword: testPassword, newPassword: 'một mật khẩu mới đủ dài' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await api.app.inject({ url: '/api/auth/me', headers: other })).statusCode).toBe(401);
    expect((await api.app.inject({ url: '/api/auth/me', headers: current })).statusCode).toBe(200);
    expect((await login(user.email, testPassword)).statusCode).toBe(401);
    expect((await login(user.email, 'một mật khẩu mới đủ dài')).statusCode).toBe(200);
  });
});

describe('CSRF protection for cookie-authenticated writes', () => {
  it('refuses a cookie write without the token, or with another session’s token', async () => {
    const { repos } = testDb();
    const admin = await createUser(repos, 'admin');
    const headers = await sessionHeaders(repos, admin);
    const foreign = await sessionHeaders(repos, await createUser(repos, 'admin'));
    const payload = { name: 'Hệ thống văn bản', scopes: ['documents:write'] };

    const missing = await api.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: headers.cookie },
      payload,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ code: 'LW_CSRF_REJECTED' });
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: headers.cookie, 'x-csrf-token': foreign['x-csrf-token'] },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    expect((await repos.apiTokens.list()).filter((t) => t.name === payload.name)).toHaveLength(0);

    // Reads need no token; the right token lets the write through.
    const read = await api.app.inject({ url: '/api/tokens', headers: { cookie: headers.cookie } });
    expect(read.statusCode).toBe(200);
    const right = await api.app.inject({ method: 'POST', url: '/api/tokens', headers, payload });
    expect(right.statusCode).toBe(201);
  });

  it('needs no CSRF token for bearer-token requests, which browsers never send by themselves', async () => {
    const { repos } = testDb();
    const { document } = await repos.documents.register(
      { contentSha256: 'c'.repeat(64), title: 'Quyết định cách ly' },
      [],
    );
    const { headers } = await tokenHeaders(repos, ['documents:write']);
    const revoke = await api.app.inject({
      method: 'DELETE',
      url: `/api/documents/${document.id}`,
      headers,
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({ status: 'revoked' });
  });
});

describe('lockout after repeated failures', () => {
  it('locks the account after five failures, whatever the sixth password, then lets it in', async () => {
    const { repos, handle } = testDb();
    const user = await createUser(repos, 'officer');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await login(user.email, `sai mật khẩu ${attempt}`);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'LW_INVALID_CREDENTIALS' });
    }
    const locked = await login(user.email, testPassword);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'LW_ACCOUNT_LOCKED' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // An unknown account answers exactly like a wrong password.
    const unknown = await login('khong-ton-tai@syt.lamdong.gov.vn', testPassword);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<{ detail: string }>().detail).toBe(
      (await login(user.email.replace('@', '.x@'), 'x')).json<{ detail: string }>().detail,
    );

    // The lock runs out (moved into the past rather than waited for): the right password works
    // and the count starts again.
    await handle.pool.query(
      `update users set locked_until = now() - interval '1 second' where id = $1`,
      [user.id],
    );
    const wrongAgain = await login(user.email, 'vẫn sai');
    expect(wrongAgain.statusCode).toBe(401);
    const relocked = await repos.users.findById(user.id);
    expect(relocked?.failedLoginCount).toBe(6);
    // The sixth failure doubles the lock to two minutes.
    const seconds = ((relocked?.lockedUntil?.getTime() ?? 0) - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(110);
    expect(seconds).toBeLessThanOrEqual(120);
    await handle.pool.query(`update users set locked_until = null where id = $1`, [user.id]);
    expect((await login(user.email, testPassword)).statusCode).toBe(200);
    expect((await repos.users.findById(user.id))?.failedLoginCount).toBe(0);

    const failures = await repos.audit.list({ action: 'auth.login_failed', targetId: user.id });
    expect(failures).toHaveLength(6);
    expect(
      (await repos.audit.list({ action: 'auth.login_locked', targetId: user.id })).length,
    ).toBe(1);
  });

  it('rate-limits sign-in attempts per client', async () => {
    const limited = await startApi(testDb().repos, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'ai-do@syt.lamdong.gov.vn', password: 'đoán thử' },
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) {
          expect(response.json()).toMatchObject({ code: 'LW_RATE_LIMITED' });
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('API token scopes', () => {
  it('grants exactly the scopes, and nothing once revoked or expired', async () => {
    const { repos } = testDb();
    const reader = await tokenHeaders(repos, ['documents:read']);
    expect(
      (await api.app.inject({ url: '/api/documents', headers: reader.headers })).statusCode,
    ).toBe(200);
    const write = await api.app.inject({
      method: 'DELETE',
      url: '/api/documents/00000000-0000-4000-8000-000000000000',
      headers: reader.headers,
    });
    expect(write.statusCode).toBe(403);
    expect(write.json<{ detail: string }>().detail).toContain('documents:write');
    // Administration is never reachable with a token, whatever it claims.
    const forged = await tokenHeaders(repos, ['users:manage']);
    expect((await api.app.inject({ url: '/api/users', headers: forged.headers })).statusCode).toBe(
      403,
    );

    const admin = await sessionHeaders(repos, await createUser(repos, 'admin'));
    const revoke = await api.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${reader.token.id}`,
      headers: admin,
    });
    expect(revoke.statusCode).toBe(204);
    expect(
      (await api.app.inject({ url: '/api/documents', headers: reader.headers })).statusCode,
    ).toBe(401);

    const expired = await tokenHeaders(repos, ['documents:read'], {
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(
      (await api.app.inject({ url: '/api/documents', headers: expired.headers })).statusCode,
    ).toBe(401);
    const stored = await repos.apiTokens.list();
    expect(JSON.stringify(stored)).not.toContain(reader.headers.authorization.slice(7));
  });

  it('shows a new token’s secret once and only its digest afterwards', async () => {
    const { repos } = testDb();
    const admin = await sessionHeaders(repos, await createUser(repos, 'admin'));
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: admin,
      payload: {
        name: 'Hệ thống điều hành',
        scopes: ['documents:write', 'documents:read'],
        expiresInDays: 30,
      },
    });
    expect(created.statusCode).toBe(201);
    const { secret } = created.json<{ secret: string }>();
    expect(secret).toMatch(/^lwt_/);
    const listed = await api.app.inject({ url: '/api/tokens', headers: admin });
    expect(listed.body).not.toContain(secret);
    const used = await api.app.inject({
      url: '/api/documents',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(used.statusCode).toBe(200);
  });
});

describe('tamper-evident audit trail', () => {
  it('refuses changes in the database and names the first broken link when forced', async () => {
    const { repos, handle } = testDb();
    const admin = await createUser(repos, 'admin');
    for (let i = 0; i < 3; i += 1)
      expect((await login(admin.email, testPassword)).statusCode).toBe(200);
    const headers = await sessionHeaders(repos, admin);
    const intact = await api.app.inject({ url: '/api/audit/verify', headers });
    expect(intact.json()).toMatchObject({ ok: true });
    const entries = await repos.audit.list({ action: 'auth.login', actorId: admin.id });
    expect(entries).toHaveLength(3);
    const victim = entries[1]!;

    await expect(
      handle.pool.query(`update audit_log set actor_id = 'someone' where id = $1`, [victim.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      handle.pool.query(`delete from audit_log where id = $1`, [victim.id]),
    ).rejects.toThrow(/append-only/);

    // Someone with the power to switch the trigger off rewrites a row: the chain shows it.
    await handle.pool.query(`alter table audit_log disable trigger audit_log_append_only`);
    await handle.pool.query(`update audit_log set ip = '203.0.113.9' where id = $1`, [victim.id]);
    await handle.pool.query(`alter table audit_log enable trigger audit_log_append_only`);
    const verdict = await repos.audit.verify();
    expect(verdict).toMatchObject({
      ok: false,
      broken: { id: victim.id, reason: 'content-altered' },
    });
    const viaApi = await api.app.inject({ url: '/api/audit/verify', headers });
    expect(viaApi.json()).toMatchObject({ ok: false, broken: { id: victim.id } });
  });
});

describe('errors and the API description', () => {
  it('answers problem+json for unknown routes and invalid input', async () => {
    const notFound = await api.app.inject({ url: '/api/khong-co' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['content-type']).toContain('application/problem+json');
    expect(notFound.json()).toMatchObject({ code: 'LW_NOT_FOUND', status: 404 });
    const invalid = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'không phải email', password: '' },
    });
    expect(invalid.statusCode).toBe(400);
    const problem = invalid.json<{
      code: string;
      errors: { where: string }[];
      requestId: string;
    }>();
    expect(problem.code).toBe('LW_VALIDATION_FAILED');
    expect(problem.errors.map((error) => error.where).sort()).toEqual([
      'body/email',
      'body/password',
    ]);
    expect(problem.requestId).toBe(invalid.headers['x-request-id'] ?? problem.requestId);
  });

  it('never leaks the cause of a 5xx', async () => {
    const handle = createDatabase(testDb().url, { max: 1 });
    await handle.close();
    const broken = await startApi(createRepositories(handle.db));
    try {
      const { headers } = { headers: { authorization: 'Bearer lwt_' + 'A'.repeat(43) } };
      const response = await broken.app.inject({ url: '/api/documents', headers });
      expect(response.statusCode).toBe(500);
      const problem = response.json<{ code: string; detail: string }>();
      expect(problem.code).toBe('LW_INTERNAL');
      expect(response.body).not.toMatch(/pool|pg|sql|stack/i);
    } finally {
      await broken.close();
    }
  });

  it('sends the security headers', async () => {
    const response = await api.app.inject({ url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('publishes a valid OpenAPI document listing every route, and the page at /docs', async () => {
    const response = await api.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ paths: Record<string, Record<string, unknown>> }>();
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    for (const key of Object.keys(routePolicies)) {
      const [method = '', url = ''] = key.split(' ');
      const path = url.replace(/:(\w+)/g, '{$1}');
      expect(document.paths[path]?.[method.toLowerCase()], key).toBeDefined();
    }
    const page = await api.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(page.statusCode);
  });
});
