import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import { useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let admin: User;

beforeAll(async () => {
  api = await startApi(testDb().repos);
  admin = await createUser(testDb().repos, 'admin');
});
afterAll(async () => {
  await api.close();
});

async function call(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
  app: FastifyInstance = api.app,
) {
  const response = await app.inject({
    method,
    url,
    headers: await sessionHeaders(testDb().repos, admin),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

interface Target {
  id: string;
  name: string;
  formerNames: string[];
  hasWebhookSecret: boolean;
}

describe('/api/routing-targets', () => {
  it("starts with Lâm Đồng's organisations, each active in its own period", async () => {
    const all = (await call('GET', '/api/routing-targets')).body['targets'] as Target[];
    expect(all.map((target) => target.name).sort()).toEqual(
      [
        'Công an tỉnh Lâm Đồng',
        'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05) – Bộ Công an',
        'Sở Khoa học và Công nghệ tỉnh Lâm Đồng',
        'Sở Thông tin và Truyền thông tỉnh Lâm Đồng',
        'Sở Y tế tỉnh Lâm Đồng',
      ].sort(),
    );
    const names = async (at: string) =>
      (
        (await call('GET', `/api/routing-targets?activeAt=${encodeURIComponent(at)}`)).body[
          'targets'
        ] as Target[]
      ).map((target) => target.name);
    // The information and communications department until it merged on 1 March 2025…
    expect(await names('2021-07-20T09:00:00+07:00')).toContain(
      'Sở Thông tin và Truyền thông tỉnh Lâm Đồng',
    );
    expect(await names('2021-07-20T09:00:00+07:00')).not.toContain(
      'Sở Khoa học và Công nghệ tỉnh Lâm Đồng',
    );
    // …and its successor since, which keeps the old name for reference.
    const now = await names('2026-11-30T09:00:00+07:00');
    expect(now).toContain('Sở Khoa học và Công nghệ tỉnh Lâm Đồng');
    expect(now).not.toContain('Sở Thông tin và Truyền thông tỉnh Lâm Đồng');
    expect(
      all.find((t) => t.name === 'Sở Khoa học và Công nghệ tỉnh Lâm Đồng')?.formerNames,
    ).toEqual(['Sở Thông tin và Truyền thông tỉnh Lâm Đồng']);
  });

  it('keeps webhook secrets sealed and never returns them; a webhook without one is refused', async () => {
    // A webhook added later to a target without a secret is refused the same way.
    const [plain] = (await call('GET', '/api/routing-targets')).body['targets'] as Target[];
    const late = await call('PATCH', `/api/routing-targets/${plain?.id ?? ''}`, {
      webhookUrl: 'https://hook.example.vn/leakwatch',
    });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.body)).toContain('a webhook needs a secret');
    const refused = await call('POST', '/api/routing-targets', {
      name: 'Phòng Nghiệp vụ Y',
      kind: 'department',
      webhookUrl: 'https://hook.syt.lamdong.gov.vn/leakwatch',
    });
    expect(refused.status).toBe(400);
    const created = await call('POST', '/api/routing-targets', {
      name: 'Phòng Nghiệp vụ Y',
      kind: 'department',
      emails: ['nvy@syt.lamdong.gov.vn'],
      webhookUrl: 'https://hook.syt.lamdong.gov.vn/leakwatch',
      webhookSecret: 'whsec-bí-mật-rất-dài-0123456789',
    });
    expect(created.status).toBe(201);
    const target = created.body['target'] as Target;
    expect(target.hasWebhookSecret).toBe(true);
    expect(JSON.stringify(created.body)).not.toContain('whsec');
    const stored = await testDb().repos.routingTargets.findById(target.id);
    expect(stored?.webhookSecretCiphertext?.includes(Buffer.from('whsec'))).toBe(false);

    const ended = await call('PATCH', `/api/routing-targets/${target.id}`, {
      activeUntil: '2026-12-31T00:00:00+07:00',
    });
    expect(ended.body['target']).toMatchObject({ activeUntil: '2026-12-30T17:00:00.000Z' });
    const audit = await testDb().repos.audit.list({ action: 'routing_target.changed' });
    expect(JSON.stringify(audit)).not.toContain('whsec');
  });
  it('refuses, when it is entered, a webhook address that is private, metadata, loopback or carries credentials', async () => {
    const detailOf = async (webhookUrl: string) => {
      const answer = await call('POST', '/api/routing-targets', {
        name: `Hệ thống nội bộ ${webhookUrl.length}`,
        kind: 'department',
        webhookUrl,
        webhookSecret: 'whsec-noi-bo-0123456789',
      });
      expect(answer.status, webhookUrl).toBe(400);
      expect(answer.body['code']).toBe('LW_VALIDATION_FAILED');
      return String(answer.body['detail']);
    };
    expect(await detailOf('http://10.20.0.5:8080/hook')).toContain(
      'webhookUrl: 10.20.0.5 is a private address; webhooks are sent to public addresses only, unless WEBHOOK_ALLOW lists 10.20.0.5:8080',
    );
    expect(await detailOf('http://169.254.169.254/latest/meta-data/')).toContain(
      '169.254.169.254 is a linkLocal address',
    );
    expect(await detailOf('http://127.0.0.1:6379/')).toContain('127.0.0.1 is a loopback address');
    expect(await detailOf('http://[::1]:9000/hook')).toContain(
      '[::1] is a loopback address; webhooks are sent to public addresses only, unless WEBHOOK_ALLOW lists [::1]:9000',
    );
    expect(await detailOf('http://2130706433/hook')).toContain('127.0.0.1 is a loopback address');
    expect(await detailOf('http://localhost:3000/hook')).toContain(
      'localhost is a loopback address; webhooks are sent to public addresses only, unless WEBHOOK_ALLOW lists the address (not the name) and port',
    );
    expect(await detailOf('https://vanthu:mat-khau@hook.syt.lamdong.gov.vn/')).toContain(
      'credentials do not belong in the address',
    );
    // Changing an existing target's address is checked the same way.
    const [existing] = (await call('GET', '/api/routing-targets')).body['targets'] as Target[];
    const moved = await call('PATCH', `/api/routing-targets/${existing?.id ?? ''}`, {
      webhookUrl: 'http://192.168.1.10/hook',
      webhookSecret: 'whsec-noi-bo-0123456789',
    });
    expect(moved.status).toBe(400);
    expect(String(moved.body['detail'])).toContain('192.168.1.10 is a private address');
    expect((await testDb().repos.routingTargets.findById(existing?.id ?? ''))?.webhookUrl).not.toBe(
      'http://192.168.1.10/hook',
    );
  });

  it('accepts a private receiver that WEBHOOK_ALLOW lists, and in production only https elsewhere', async () => {
    const production = await startApi(testDb().repos, {
      NODE_ENV: 'production',
      TEXT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
      THUMBNAIL_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      WEBHOOK_ALLOW: '10.20.0.5:8080',
    });
    try {
      const create = (name: string, webhookUrl: string) =>
        call(
          'POST',
          '/api/routing-targets',
          { name, kind: 'department', webhookUrl, webhookSecret: 'whsec-noi-bo-0123456789' },
          production.app,
        );
      // The department's own receiver, listed by the operator: plain HTTP on its network.
      expect((await create('Trung tâm dữ liệu Sở Y tế', 'http://10.20.0.5:8080/hook')).status).toBe(
        201,
      );
      // The same address on another port is not listed.
      const otherPort = await create('Cổng khác', 'http://10.20.0.5:9090/hook');
      expect(otherPort.status).toBe(400);
      expect(String(otherPort.body['detail'])).toContain('WEBHOOK_ALLOW lists 10.20.0.5:9090');
      // Across the internet, only https: the body carries the acknowledgement link.
      const plain = await create(
        'Trung tâm Kiểm soát bệnh tật',
        'http://hook.cdc.lamdong.gov.vn/x',
      );
      expect(plain.status).toBe(400);
      expect(String(plain.body['detail'])).toContain('webhookUrl: must use https');
      expect(
        (await create('Trung tâm Kiểm soát bệnh tật', 'https://hook.cdc.lamdong.gov.vn/x')).status,
      ).toBe(201);
    } finally {
      await production.close();
    }
  });
});
