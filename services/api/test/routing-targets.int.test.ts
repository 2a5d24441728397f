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

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const response = await api.app.inject({
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
});
