import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import {
  hashPassword,
  newApiToken,
  randomSecret,
  secretDigest,
  type Permission,
  type Role,
} from '@leakwatch/access';
import { parseConfig } from '@leakwatch/config';
import { openChangeFeed, type Repositories, type User } from '@leakwatch/db';
import { createLogger, type Logger } from '@leakwatch/observability';
import { createRedisConnection } from '@leakwatch/queue';
import { buildApp, lazyDocumentServices } from '../../src/index.js';

export const testPassword = 'Mật khẩu thử nghiệm 2026';

/** An API built on the file's own database, with its own rate-limit keys in Redis. */
export async function startApi(
  repos: Repositories,
  env: Record<string, string> = {},
  options: {
    documentServices?: boolean;
    dataDir?: string;
    changeFeedUrl?: string;
    /** The built dashboard to serve; services/dashboard/dist unless given. */
    dashboardDir?: string;
    /** The logger to use instead of a silent one (log-hygiene.int.test.ts reads every line). */
    log?: Logger;
  } = {},
): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const prefix = `lwt-api-${randomBytes(4).toString('hex')}`;
  const config = parseConfig({
    QUEUE_PREFIX: prefix,
    NODE_ENV: 'test',
    ...(options.dataDir ? { LEAKWATCH_DATA_DIR: options.dataDir } : {}),
    ...env,
  });
  const redis: Redis = createRedisConnection(inject('leakwatch').redisUrl, 'producer');
  const log = options.log ?? createLogger({ name: 'api-test', level: 'silent' });
  const documentServices = options.documentServices
    ? lazyDocumentServices(config, repos, log)
    : undefined;
  const changeFeed = options.changeFeedUrl ? openChangeFeed(options.changeFeedUrl) : undefined;
  const app = await buildApp({
    config,
    repos,
    redis,
    log,
    ...(documentServices ? { documentServices } : {}),
    ...(changeFeed ? { changeFeed } : {}),
    ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
  });
  return {
    app,
    close: async () => {
      await app.close();
      await changeFeed?.close();
      await documentServices?.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

export async function createUser(
  repos: Repositories,
  role: Role,
  options: { permissions?: Permission[]; password?: string } = {},
): Promise<User> {
  const user = await repos.users.create({
    email: `${role}-${randomUUID().slice(0, 8)}@syt.lamdong.gov.vn`,
    displayName: `Cán bộ ${role}`,
    role,
    permissions: options.permissions ?? [],
    passwordHash: await hashPassword(options.password ?? testPassword),
  });
  if (!user) throw new Error('user not created');
  return user;
}

/** A session made directly in the database: headers a signed-in browser would send. */
export async function sessionHeaders(repos: Repositories, user: User) {
  const secret = randomSecret();
  const csrfToken = randomSecret();
  await repos.sessions.create({
    id: secretDigest(secret),
    userId: user.id,
    csrfToken,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return { cookie: `lw_session=${secret}`, 'x-csrf-token': csrfToken };
}

export async function tokenHeaders(
  repos: Repositories,
  scopes: Permission[],
  options: { expiresAt?: Date } = {},
) {
  const secret = newApiToken();
  const token = await repos.apiTokens.create({
    name: `test ${scopes.join(' ')}`,
    scopes,
    tokenHash: secretDigest(secret),
    expiresAt: options.expiresAt ?? null,
  });
  return { token, headers: { authorization: `Bearer ${secret}` } };
}

/** The session cookie a response sets, as a request header. */
export function cookieFrom(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const pair = header?.split(';')[0];
  if (!pair?.startsWith('lw_session=')) throw new Error(`no session cookie in ${String(header)}`);
  return pair;
}

/** A multipart/form-data body as a browser would send it: text fields, then one file. */
export function multipart(
  file: { name: string; bytes: Buffer; type?: string },
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----leakwatch${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
