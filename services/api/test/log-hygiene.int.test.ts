import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAckToken } from '@leakwatch/incidents';
import { createLogger } from '@leakwatch/observability';
import { loadSecrets } from '@leakwatch/runtime';
import { handmadePdf, openIncident, useTestDatabase } from '@leakwatch/testkit';
import {
  cookieFrom,
  createUser,
  multipart,
  startApi,
  testPassword,
  tokenHeaders,
} from './support/api-harness.js';

// Issue 12: secrets never appear in logs or error bodies, evidence never appears in logs. The
// API runs with the real logger at `trace`, every line it writes captured, while the flows that
// handle secrets and evidence go through it; then each line and each response body is searched
// for every secret and evidence marker the test put in. The capture is proven to work: every
// call has its request line, and a marker logged on purpose is found.
const testDb = useTestDatabase();
const lines: string[] = [];
const log = createLogger({
  name: 'api',
  level: 'trace',
  destination: { write: (line: string) => void lines.push(line) },
});
const textKey = randomBytes(32);
const thumbnailKey = randomBytes(32);
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';
let api: Awaited<ReturnType<typeof startApi>>;
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-api-log-hygiene-'));
  api = await startApi(
    testDb().repos,
    {
      TEXT_FINGERPRINT_KEY: textKey.toString('base64'),
      THUMBNAIL_KEYS: `k1:${thumbnailKey.toString('base64')}`,
      PUBLIC_URL: publicUrl,
      // Many sign-ins from one address in a minute: the limit is not what this file tests.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    },
    { documentServices: true, dataDir, log },
  );
});
afterAll(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A value that must never be logged, and the one response (if any) allowed to show it. */
interface Secret {
  what: string;
  value: string;
  /** The label of the call whose answer hands it out once (a new token, a reset password). */
  shownBy?: string;
  /** Evidence may reach the caller who sent it, never the log. */
  logsOnly?: boolean;
}

interface Call {
  label: string;
  method: string;
  path: string;
  status: number;
  body: string;
}

const secrets: Secret[] = [];
const calls: Call[] = [];

/** A unique marker, easy to search for and impossible to meet by chance. */
const marker = (what: string) => `${what}-${randomBytes(9).toString('hex')}`;

function secret(what: string, value: string, options: Omit<Secret, 'what' | 'value'> = {}) {
  secrets.push({ what, value, ...options });
  return value;
}

// Key material of the deployment, in every form it could be printed in.
for (const [what, key] of [
  ['TEXT_FINGERPRINT_KEY', textKey],
  ['THUMBNAIL_KEYS', thumbnailKey],
] as const) {
  secret(`${what} (base64)`, key.toString('base64'));
  secret(`${what} (hex)`, key.toString('hex'));
  secret(`${what} (base64url)`, key.toString('base64url'));
}

async function call(label: string, options: InjectOptions & { url: string }): Promise<Call> {
  const response = await api.app.inject(options);
  const recorded = {
    label,
    method: options.method ?? 'GET',
    path: options.url.split('?')[0] ?? '',
    status: response.statusCode,
    body: response.body,
  };
  calls.push(recorded);
  return recorded;
}

/** The forms a value may take once written: as is, escaped in JSON, encoded in a URL. */
function spellings(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

/** Where in these texts a secret shows: `what` in `where`, for every finding. */
function findLeaks(
  texts: readonly { where: string; text: string; answerOf?: string }[],
  searched: readonly Secret[],
): string[] {
  const found: string[] = [];
  for (const { where, text, answerOf } of texts)
    for (const item of searched) {
      if (answerOf !== undefined && (item.logsOnly || item.shownBy === answerOf)) continue;
      if (spellings(item.value).some((spelling) => text.includes(spelling)))
        found.push(`${item.what} in ${where}`);
    }
  return found;
}

/** Credentials by their shape, whatever their value: none belongs in a log line. */
const credentialShapes: readonly [string, RegExp][] = [
  ['a session cookie', /lw_session=/],
  ['a bearer credential', /Bearer\s/i],
  ['an API token', /lwt_[A-Za-z0-9_-]{20}/],
  ['a password hash', /\$argon2/],
  ['query parameters of a failed query', /\bparams: /],
  ['an acknowledgement token', /[?&]token=[0-9]+\.[A-Za-z0-9_-]{20}/],
];

function shapesIn(texts: readonly { where: string; text: string }[]): string[] {
  return texts.flatMap(({ where, text }) =>
    credentialShapes.filter(([, shape]) => shape.test(text)).map(([what]) => `${what} in ${where}`),
  );
}

const logTexts = (from = 0) =>
  lines.slice(from).map((text, index) => ({ where: `log line ${from + index + 1}`, text }));
const answerTexts = (from = 0) =>
  calls
    .slice(from)
    .map(({ label, body }) => ({ where: `the answer to "${label}"`, text: body, answerOf: label }));

/** Runs a flow and checks what it logged and answered, with every secret known so far. */
async function expectClean(flow: () => Promise<void>) {
  const firstLine = lines.length;
  const firstCall = calls.length;
  await flow();
  expect(calls.length).toBeGreaterThan(firstCall);
  // The capture works: each call of the flow has its request line with its path.
  for (const made of calls.slice(firstCall)) {
    const requestLines = lines
      .slice(firstLine)
      .map((line) => JSON.parse(line) as { msg?: string; req?: { method?: string; url?: string } })
      .filter(
        (entry) =>
          entry.msg === 'incoming request' &&
          entry.req?.method === made.method &&
          entry.req.url?.split('?')[0] === made.path,
      );
    expect(requestLines.length, `${made.label} was logged`).toBeGreaterThan(0);
  }
  expect(findLeaks([...logTexts(firstLine), ...answerTexts(firstCall)], secrets)).toEqual([]);
  expect(shapesIn(logTexts(firstLine))).toEqual([]);
}

const json = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object, headers = {}) => ({
  method,
  url,
  payload,
  headers,
});

describe('log hygiene', () => {
  it('finds a marker logged on purpose, and the secrets kept out by redaction stay out (control)', () => {
    const deliberate = marker('control');
    const redacted = marker('redacted');
    const from = lines.length;
    log.child({ reqId: 'control' }).info({ detail: `leaked ${deliberate}` }, 'control line');
    log.info({ password: redacted, user: { token: redacted } }, 'redaction control');
    const searched = [
      { what: 'the deliberate marker', value: deliberate },
      { what: 'the redacted marker', value: redacted },
    ];
    expect(lines.length).toBe(from + 2);
    expect(findLeaks(logTexts(from), searched)).toEqual([
      'the deliberate marker in log line ' + String(from + 1),
    ]);
    // And the scanner reads answers as well, sparing only the one that hands a secret out.
    const answers = [
      { where: 'an answer', text: `{"detail":"${deliberate}"}`, answerOf: 'other' },
      { where: 'its own answer', text: `{"secret":"${deliberate}"}`, answerOf: 'mint' },
    ];
    expect(findLeaks(answers, [{ ...searched[0]!, shownBy: 'mint' }])).toEqual([
      'the deliberate marker in an answer',
    ]);
    expect(
      shapesIn([
        { where: 'a line', text: 'cookie lw_session=abc; Bearer lwt_0123456789abcdefghijK' },
      ]),
    ).toEqual([
      'a session cookie in a line',
      'a bearer credential in a line',
      'an API token in a line',
    ]);
  });

  it('signing in (right and wrong), changing and resetting passwords', async () => {
    await expectClean(async () => {
      const { repos } = testDb();
      const password = secret('the admin password', marker('Mật khẩu quản trị'));
      const admin = await createUser(repos, 'admin', { password });
      const wrong = secret('a wrong password', marker('sai mật khẩu'));
      expect(
        (
          await call(
            'wrong password',
            json('POST', '/api/auth/login', { email: admin.email, password: wrong }),
          )
        ).status,
      ).toBe(401);
      expect(
        (
          await call(
            'unknown account',
            json('POST', '/api/auth/login', {
              email: `khong-co-${randomUUID()}@lamdong.gov.vn`,
              password: secret('a guessed password', marker('đoán')),
            }),
          )
        ).status,
      ).toBe(401);
      // A body that is not JSON, with a password in it: the answer must not quote it back.
      const unquoted = secret('an unquoted password', marker('unquoted'));
      expect(
        (
          await call('malformed body', {
            method: 'POST',
            url: '/api/auth/login',
            headers: { 'content-type': 'application/json' },
            payload: `{"email":"${admin.email}","password": ${unquoted}}`,
          })
        ).status,
      ).toBe(400);

      const signIn = await api.app.inject(
        json('POST', '/api/auth/login', { email: admin.email, password }),
      );
      calls.push({
        label: 'sign in',
        method: 'POST',
        path: '/api/auth/login',
        status: signIn.statusCode,
        body: signIn.body,
      });
      expect(signIn.statusCode).toBe(200);
      const cookie = cookieFrom(signIn.headers['set-cookie']);
      secret('the session cookie', cookie.slice('lw_session='.length));
      const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
      secret('the CSRF token', csrf, { shownBy: 'sign in' });
      const session = { cookie, 'x-csrf-token': csrf };

      const newPassword = secret('the new password', marker('Mật khẩu mới của quản trị'));
      expect(
        (
          await call(
            'password change with a wrong current one',
            json(
              'POST',
              '/api/auth/password',
              {
                currentPassword: secret('a wrong current password', marker('cũ sai')),
                newPassword,
              },
              session,
            ),
          )
        ).status,
      ).toBe(401);
      // Refused for containing the account name: the answer says why without quoting it.
      const weak = secret('a refused new password', `${admin.email}-${marker('yếu')}`);
      expect(
        (
          await call(
            'weak new password',
            json(
              'POST',
              '/api/auth/password',
              { currentPassword: password, newPassword: weak },
              session,
            ),
          )
        ).status,
      ).toBe(400);
      expect(
        (
          await call(
            'password change',
            json('POST', '/api/auth/password', { currentPassword: password, newPassword }, session),
          )
        ).status,
      ).toBe(204);

      const chosen = secret('a chosen initial password', marker('Mật khẩu ban đầu'));
      const created = await call(
        'create account',
        json(
          'POST',
          '/api/users',
          {
            email: `can-bo-${randomUUID().slice(0, 8)}@syt.lamdong.gov.vn`,
            displayName: 'Cán bộ thử nghiệm',
            role: 'officer',
            password: chosen,
          },
          session,
        ),
      );
      expect(created.status).toBe(201);
      const officerId = (JSON.parse(created.body) as { user: { id: string } }).user.id;
      const reset = await call('reset password', {
        method: 'POST',
        url: `/api/users/${officerId}/reset-password`,
        headers: session,
      });
      expect(reset.status).toBe(200);
      secret(
        'a reset password',
        (JSON.parse(reset.body) as { initialPassword: string }).initialPassword,
        {
          shownBy: 'reset password',
        },
      );
      expect(
        (await call('sign out', { method: 'POST', url: '/api/auth/logout', headers: session }))
          .status,
      ).toBe(204);
    });
  });

  it('API tokens: created, used, and a forged one', async () => {
    await expectClean(async () => {
      const { repos } = testDb();
      const admin = await createUser(repos, 'admin');
      const session = await signedIn(admin.email);
      const created = await call(
        'create token',
        json(
          'POST',
          '/api/tokens',
          { name: 'Hệ thống quản lý văn bản', scopes: ['documents:read'] },
          session,
        ),
      );
      expect(created.status).toBe(201);
      const token = secret(
        'the API token',
        (JSON.parse(created.body) as { secret: string }).secret,
        {
          shownBy: 'create token',
        },
      );
      expect(
        (
          await call('use token', {
            method: 'GET',
            url: '/api/documents',
            headers: { authorization: `Bearer ${token}` },
          })
        ).status,
      ).toBe(200);
      const forged = secret(
        'a forged token',
        `lwt_${randomBytes(32).toString('base64url').slice(0, 43)}`,
      );
      expect(
        (
          await call('forged token', {
            method: 'GET',
            url: '/api/documents',
            headers: { authorization: `Bearer ${forged}` },
          })
        ).status,
      ).toBe(401);
    });
  });

  it('monitoring accounts: storage-state cookies in, never out', async () => {
    await expectClean(async () => {
      const { repos } = testDb();
      const session = await signedIn((await createUser(repos, 'admin')).email);
      const cookie = (name: string, value: string) => ({ name, value, domain: '.facebook.com' });
      const cUser = secret('the c_user cookie', marker('c-user'));
      const xs = secret('the xs cookie', marker('xs'));
      const local = secret('a localStorage value', marker('local-storage'));
      const added = await call(
        'add monitoring account',
        json(
          'POST',
          '/api/monitoring-accounts',
          {
            label: `Tài khoản theo dõi ${randomUUID().slice(0, 6)}`,
            storageState: {
              cookies: [cookie('c_user', cUser), cookie('xs', xs)],
              origins: [
                { origin: 'https://www.facebook.com', localStorage: [{ name: 'k', value: local }] },
              ],
            },
          },
          session,
        ),
      );
      expect(added.status).toBe(201);
      const id = (JSON.parse(added.body) as { account: { id: string } }).account.id;
      const replaced = secret('a replacing cookie', marker('xs-new'));
      expect(
        (
          await call(
            'replace cookies',
            json(
              'PUT',
              `/api/monitoring-accounts/${id}/storage-state`,
              { cookies: [cookie('xs', replaced)] },
              session,
            ),
          )
        ).status,
      ).toBe(200);
      // Refused (no domain): the problem names the field, not the value.
      const invalid = secret('a refused cookie', marker('xs-refused'));
      expect(
        (
          await call(
            'invalid storage state',
            json(
              'PUT',
              `/api/monitoring-accounts/${id}/storage-state`,
              { cookies: [{ name: 'xs', value: invalid }] },
              session,
            ),
          )
        ).status,
      ).toBe(400);
      expect(
        (
          await call('list monitoring accounts', {
            method: 'GET',
            url: '/api/monitoring-accounts',
            headers: session,
          })
        ).status,
      ).toBe(200);
    });
  });

  it('routing targets: the webhook secret is taken in and never shown', async () => {
    await expectClean(async () => {
      const { repos } = testDb();
      const session = await signedIn((await createUser(repos, 'admin')).email);
      const webhookSecret = secret('a webhook secret', marker('whsec'));
      const created = await call(
        'create routing target',
        json(
          'POST',
          '/api/routing-targets',
          {
            name: `Trung tâm Kiểm soát bệnh tật ${randomUUID().slice(0, 6)}`,
            kind: 'department',
            webhookUrl: 'https://hook.cdc.lamdong.gov.vn/leakwatch',
            webhookSecret,
          },
          session,
        ),
      );
      expect(created.status).toBe(201);
      const id = (JSON.parse(created.body) as { target: { id: string } }).target.id;
      const replaced = secret('a replacing webhook secret', marker('whsec-new'));
      expect(
        (
          await call(
            'replace webhook secret',
            json('PATCH', `/api/routing-targets/${id}`, { webhookSecret: replaced }, session),
          )
        ).status,
      ).toBe(200);
      const short = secret('a refused short webhook secret', marker('s').slice(0, 12));
      expect(
        (
          await call(
            'short webhook secret',
            json('PATCH', `/api/routing-targets/${id}`, { webhookSecret: short }, session),
          )
        ).status,
      ).toBe(400);
      expect(
        (
          await call('list routing targets', {
            method: 'GET',
            url: '/api/routing-targets',
            headers: session,
          })
        ).status,
      ).toBe(200);
    });
  });

  it('acknowledgement links: the token in the address is not logged', async () => {
    await expectClean(async () => {
      const { repos } = testDb();
      const department = await repos.routingTargets.create({
        name: `Sở Y tế (nhật ký) ${randomUUID().slice(0, 6)}`,
        kind: 'department',
        emails: ['vanthu@syt.lamdong.gov.vn'],
      });
      const incident = await openIncident(repos, { notify: [department], publicUrl });
      const [row] = await repos.notifications.ofIncident(incident.id);
      if (!row) throw new Error('no notification queued');
      const { thumbnailKeys } = await loadSecrets(api.app.deps.config);
      const token = secret(
        'an acknowledgement token',
        makeAckToken(row.id, thumbnailKeys, new Date()),
      );
      const link = `/api/notifications/${row.id}/ack?token=${encodeURIComponent(token)}`;
      expect((await call('open ack link', { method: 'GET', url: link })).status).toBe(200);
      expect(
        (await call('acknowledge', json('POST', link, { acknowledgedBy: 'Văn thư Sở Y tế' })))
          .status,
      ).toBe(200);
      const forged = secret(
        'a forged acknowledgement token',
        `${token.split('.')[0] ?? ''}.${randomBytes(32).toString('base64url')}`,
      );
      expect(
        (
          await call('forged ack link', {
            method: 'GET',
            url: `/api/notifications/${row.id}/ack?token=${encodeURIComponent(forged)}`,
          })
        ).status,
      ).toBeGreaterThanOrEqual(400);
    });
  });

  it('document registration and matching: the text of a page never reaches the log', async () => {
    await expectClean(async () => {
      const { repos } = testDb();
      const session = await signedIn((await createUser(repos, 'officer')).email);
      const evidence = marker('BANGCHUNG');
      const person = `NGUYEN VAN ${randomBytes(3).toString('hex').toUpperCase()}`;
      const cccd = `0680${String(randomBytes(4).readUInt32BE(0)).padStart(8, '0').slice(0, 8)}`;
      for (const [what, value] of [
        ['the marker of a registered page', evidence],
        ['a name on a registered page', person],
        ['a citizen ID on a registered page', cccd],
      ] as const)
        secret(what, value, { logsOnly: true });
      const pdf = handmadePdf({
        pages: [
          [
            'SO Y TE TINH LAM DONG',
            'DANH SACH F1 TIEP XUC GAN',
            `Ho ten: ${person}  CCCD: ${cccd}`,
            `Ma tai lieu: ${evidence}`,
          ],
        ],
      });
      const upload = multipart(
        { name: 'danh-sach-f1.pdf', bytes: pdf, type: 'application/pdf' },
        {
          classification: 'mat',
        },
      );
      const registered = await call('register document', {
        method: 'POST',
        url: '/api/documents',
        headers: { ...session, ...upload.headers },
        payload: upload.payload,
      });
      expect(registered.status).toBe(201);

      // An image of the same text, as a photo received elsewhere would carry it.
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="500"><rect width="100%" height="100%" fill="white"/><text x="40" y="120" font-size="40" font-family="sans-serif">Ho ten: ${person}</text><text x="40" y="220" font-size="40" font-family="sans-serif">CCCD: ${cccd}</text><text x="40" y="320" font-size="40" font-family="sans-serif">${evidence}</text></svg>`;
      const image = await sharp(Buffer.from(svg)).png().toBuffer();
      const photo = multipart({ name: 'anh-nhan-duoc.png', bytes: image, type: 'image/png' });
      // Checked by an integration with its token, which the upload parser sees among the headers.
      const integration = await tokenHeaders(repos, ['match:run']);
      secret('an integration token', integration.headers.authorization.slice('Bearer '.length));
      const matched = await call('match image', {
        method: 'POST',
        url: '/api/match',
        headers: { ...integration.headers, ...photo.headers },
        payload: photo.payload,
      });
      expect(matched.status).toBe(200);
    });
  }, 180_000);

  it('an internal error answers with a request id only; its cause is logged without secrets', async () => {
    await expectClean(async () => {
      const { repos } = testDb();
      const session = await signedIn((await createUser(repos, 'admin')).email);
      // PostgreSQL refuses a NUL character in text: the insert fails below the API's checks.
      const password = secret(
        'the password of an account that fails to save',
        marker('Mật khẩu lỗi'),
      );
      const failed = await call(
        'create account that fails',
        json(
          'POST',
          '/api/users',
          {
            email: `loi-${randomUUID().slice(0, 8)}@syt.lamdong.gov.vn`,
            displayName: 'Cán bộ\u0000lỗi',
            role: 'officer',
            password,
          },
          session,
        ),
      );
      expect(failed.status).toBe(500);
      const problem = JSON.parse(failed.body) as Record<string, unknown>;
      expect(Object.keys(problem).sort()).toEqual([
        'code',
        'detail',
        'requestId',
        'status',
        'title',
        'type',
      ]);
      expect(problem['code']).toBe('LW_INTERNAL');
      // The cause is in the log, under the same request id.
      const causes = lines
        .map(
          (line) =>
            JSON.parse(line) as { reqId?: string; msg?: string; err?: { message?: string } },
        )
        .filter((entry) => entry.reqId === problem['requestId'] && entry.msg === 'request failed');
      expect(causes).toHaveLength(1);
      expect(causes[0]?.err?.message).toMatch(/insert into "users"/);
    });
  });

  it('nothing logged over the whole file names any secret seen in any flow', () => {
    expect(lines.length).toBeGreaterThan(calls.length);
    expect(findLeaks(logTexts(), secrets)).toEqual([]);
    expect(shapesIn(logTexts())).toEqual([]);
  });
});

/** A signed-in session made through the real sign-in, as the dashboard's would be. */
async function signedIn(email: string): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const { repos } = testDb();
  const user = await repos.users.findByEmail(email);
  if (!user) throw new Error(`no account ${email}`);
  const signIn = await api.app.inject(
    json('POST', '/api/auth/login', { email, password: testPassword }),
  );
  if (signIn.statusCode !== 200) throw new Error(`sign-in answered ${signIn.statusCode}`);
  const cookie = cookieFrom(signIn.headers['set-cookie']);
  const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
  secret('a session cookie', cookie.slice('lw_session='.length));
  secret('a CSRF token', csrf, { shownBy: 'sign in' });
  return { cookie, 'x-csrf-token': csrf };
}
