import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '@leakwatch/access';
import type { User } from '@leakwatch/db';
import { makeAckToken } from '@leakwatch/incidents';
import { DeadLetters } from '@leakwatch/queue';
import { loadSecrets } from '@leakwatch/runtime';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { encryptThumbnail } from '@leakwatch/registry';
import { handmadePdf, registerFakeDocument, storeImage, useTestDatabase } from '@leakwatch/testkit';
import { routePolicies } from '../src/authorization/route-policies.js';
import {
  createUser,
  multipart,
  sessionHeaders,
  startApi,
  testPassword,
  tokenHeaders,
} from './support/api-harness.js';
import { openFloodHold } from './support/flood-hold.js';

const testDb = useTestDatabase();

type CallerName =
  | 'anonymous'
  | 'admin'
  | 'officer'
  | 'leadership'
  | 'leadership+evidence'
  | 'liaison'
  | 'token:documents:read'
  | 'token:all-scopes';

const people: CallerName[] = ['admin', 'officer', 'leadership', 'leadership+evidence', 'liaison'];
const everyone = 'everyone';

/**
 * Who may call what, written out by hand: the declared rules in route-policies.ts must produce
 * exactly this. A route missing here fails the suite.
 */
const allowed: Record<string, CallerName[] | typeof everyone> = {
  'GET /healthz': everyone,
  'GET /readyz': everyone,
  'POST /api/auth/login': everyone,
  'POST /api/auth/logout': people,
  'GET /api/auth/me': people,
  'POST /api/auth/password': people,
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'POST /api/users/:id/reset-password': ['admin'],
  'GET /api/tokens': ['admin'],
  'POST /api/tokens': ['admin'],
  'DELETE /api/tokens/:id': ['admin'],
  'GET /api/audit': ['admin'],
  'GET /api/audit/verify': ['admin'],
  'GET /api/documents': ['admin', 'officer', 'token:documents:read', 'token:all-scopes'],
  'POST /api/documents': ['admin', 'officer', 'token:all-scopes'],
  'POST /api/match': ['admin', 'officer', 'token:all-scopes'],
  'GET /api/documents/:id': ['admin', 'officer', 'token:documents:read', 'token:all-scopes'],
  'DELETE /api/documents/:id': ['admin', 'officer', 'token:all-scopes'],
  'GET /api/sources': ['admin'],
  'POST /api/sources': ['admin'],
  'PATCH /api/sources/:id': ['admin'],
  'DELETE /api/sources/:id': ['admin'],
  'POST /api/sources/:id/crawl': ['admin'],
  'POST /api/sources/post': ['admin', 'officer'],
  'GET /api/monitoring-accounts': ['admin'],
  'POST /api/monitoring-accounts': ['admin'],
  'PUT /api/monitoring-accounts/:id/storage-state': ['admin'],
  'DELETE /api/monitoring-accounts/:id': ['admin'],
  'GET /api/alerts/groups': ['admin', 'officer', 'token:all-scopes'],
  'GET /api/alerts': ['admin', 'officer', 'token:all-scopes'],
  'POST /api/alerts/decisions': ['admin', 'officer'],
  'GET /api/alerts/facets': ['admin', 'officer', 'token:all-scopes'],
  'GET /api/alerts/:id': ['admin', 'officer', 'token:all-scopes'],
  'GET /api/images/:id/preview': ['admin', 'officer', 'token:all-scopes'],
  'GET /api/images/:id/revealed': ['admin', 'officer', 'leadership+evidence'],
  'GET /api/documents/:id/pages/:pageNumber/thumbnail': [
    'admin',
    'officer',
    'token:documents:read',
    'token:all-scopes',
  ],
  'GET /api/documents/:id/pages/:pageNumber/thumbnail/revealed': [
    'admin',
    'officer',
    'leadership+evidence',
  ],
  'GET /api/events': people,
  'GET /api/incidents': ['admin', 'officer', 'liaison', 'token:all-scopes'],
  'GET /api/incidents/:id': ['admin', 'officer', 'liaison', 'token:all-scopes'],
  'PATCH /api/incidents/:id': ['admin', 'officer'],
  'GET /api/incidents/:id/evidence.zip': ['admin', 'officer', 'leadership+evidence'],
  'GET /api/incidents/:id/report': ['admin', 'officer'],
  'POST /api/incidents/:id/comments': ['admin', 'officer'],
  'POST /api/incidents/:id/tasks': ['admin', 'officer'],
  'PATCH /api/incidents/:id/tasks/:taskId': ['admin', 'officer'],
  'POST /api/incidents/:id/notifications/:notificationId/acknowledge': [
    'admin',
    'officer',
    'liaison',
  ],
  'GET /api/notifications/:id/ack': everyone,
  'POST /api/notifications/:id/ack': everyone,
  'GET /api/overview': ['admin', 'officer', 'leadership', 'leadership+evidence'],
  'GET /api/routing-targets': ['admin'],
  'POST /api/routing-targets': ['admin'],
  'PATCH /api/routing-targets/:id': ['admin'],
  'GET /api/routing-rules': ['admin'],
  'POST /api/routing-rules': ['admin'],
  'PATCH /api/routing-rules/:id': ['admin'],
  'GET /api/deadline-rules': ['admin'],
  'POST /api/deadline-rules': ['admin'],
  'PATCH /api/deadline-rules/:id': ['admin'],
  'GET /api/dead-letters': ['admin'],
  'POST /api/dead-letters/:id/retry': ['admin'],
  'DELETE /api/dead-letters/:id': ['admin'],
  'GET /api/match-dismissals': ['admin', 'officer'],
  'DELETE /api/match-dismissals/:id': ['admin'],
  'GET /api/flood-holds': ['admin'],
  'POST /api/flood-holds/:id/release': ['admin'],
};

interface Example {
  url: string;
  payload?: Record<string, unknown> | Buffer;
  headers?: Record<string, string>;
  /** The status an allowed caller gets. */
  success: number;
}

let api: { app: FastifyInstance; close: () => Promise<void> };
let target: User;
let documentCounter = 0;
let dataDir = '';
let liaisonDepartment = '';

/** One valid request per route, so an allowed caller gets a real success, not a 400. */
const examples: Record<string, (caller: CallerName) => Promise<Example>> = {
  'GET /healthz': () => Promise.resolve({ url: '/healthz', success: 200 }),
  'GET /readyz': () => Promise.resolve({ url: '/readyz', success: 200 }),
  'POST /api/auth/login': () =>
    Promise.resolve({
      url: '/api/auth/login',
      payload: { email: target.email, password: testPassword },
      success: 200,
    }),
  'POST /api/auth/logout': () => Promise.resolve({ url: '/api/auth/logout', success: 204 }),
  'GET /api/auth/me': () => Promise.resolve({ url: '/api/auth/me', success: 200 }),
  'POST /api/auth/password': () =>
    Promise.resolve({
      url: '/api/auth/password',
      // Each caller's own password, set again: allowed, and keeps the fixture usable.
      payload: { currentPassword: testPassword, newPassword: testPassword },
      success: 204,
    }),
  'GET /api/users': () => Promise.resolve({ url: '/api/users', success: 200 }),
  'POST /api/users': (caller) =>
    Promise.resolve({
      url: '/api/users',
      payload: {
        email: `new-${caller.replace(/\W/g, '-')}-${randomUUID().slice(0, 6)}@syt.lamdong.gov.vn`,
        displayName: 'Nguyễn Thị Mới',
        role: 'officer',
      },
      success: 201,
    }),
  'PATCH /api/users/:id': () =>
    Promise.resolve({
      url: `/api/users/${target.id}`,
      payload: { displayName: 'Trần Văn Đổi Tên' },
      success: 200,
    }),
  'POST /api/users/:id/reset-password': () =>
    Promise.resolve({ url: `/api/users/${target.id}/reset-password`, success: 200 }),
  'GET /api/tokens': () => Promise.resolve({ url: '/api/tokens', success: 200 }),
  'POST /api/tokens': () =>
    Promise.resolve({
      url: '/api/tokens',
      payload: { name: 'Hệ thống quản lý văn bản', scopes: ['documents:write'] },
      success: 201,
    }),
  'DELETE /api/tokens/:id': async () => {
    const { token } = await tokenHeaders(testDb().repos, ['documents:read']);
    return { url: `/api/tokens/${token.id}`, success: 204 };
  },
  'GET /api/audit': () => Promise.resolve({ url: '/api/audit?limit=5', success: 200 }),
  'GET /api/audit/verify': () => Promise.resolve({ url: '/api/audit/verify', success: 200 }),
  'GET /api/documents': () => Promise.resolve({ url: '/api/documents', success: 200 }),
  'POST /api/documents': (caller) => {
    // A new file each time (new content), so an allowed caller gets 201 Created.
    const pdf = handmadePdf({
      pages: [['SO Y TE LAM DONG', `Cong van so ${randomUUID()}`, `Gui boi ${caller}`]],
    });
    return Promise.resolve({
      url: '/api/documents',
      ...multipart(
        { name: 'công văn.pdf', bytes: pdf, type: 'application/pdf' },
        { classification: 'mat' },
      ),
      success: 201,
    });
  },
  'POST /api/match': async () => ({
    url: '/api/match',
    ...multipart({ name: 'ảnh.png', bytes: await plainImage(), type: 'image/png' }),
    success: 200,
  }),
  'GET /api/documents/:id': async () => ({
    url: `/api/documents/${await registerDocument()}`,
    success: 200,
  }),
  'DELETE /api/documents/:id': async () => ({
    url: `/api/documents/${await registerDocument()}`,
    success: 200,
  }),
  'GET /api/sources': () => Promise.resolve({ url: '/api/sources', success: 200 }),
  'POST /api/sources': () =>
    Promise.resolve({
      url: '/api/sources',
      payload: { url: `https://www.facebook.com/groups/nhom-${randomUUID().slice(0, 8)}` },
      success: 201,
    }),
  'PATCH /api/sources/:id': async () => ({
    url: `/api/sources/${await addSource()}`,
    payload: { paused: true },
    success: 200,
  }),
  'DELETE /api/sources/:id': async () => ({
    url: `/api/sources/${await addSource()}`,
    success: 200,
  }),
  'POST /api/sources/:id/crawl': async () => ({
    url: `/api/sources/${await addSource()}/crawl`,
    success: 202,
  }),
  'POST /api/sources/post': () =>
    Promise.resolve({
      url: '/api/sources/post',
      payload: {
        url: `https://www.facebook.com/groups/congdong/posts/${Math.floor(Math.random() * 1e12) + 1e11}/`,
      },
      success: 202,
    }),
  'GET /api/monitoring-accounts': () =>
    Promise.resolve({ url: '/api/monitoring-accounts', success: 200 }),
  'POST /api/monitoring-accounts': () =>
    Promise.resolve({
      url: '/api/monitoring-accounts',
      payload: { label: `Tài khoản ${randomUUID().slice(0, 8)}`, storageState },
      success: 201,
    }),
  'PUT /api/monitoring-accounts/:id/storage-state': async () => ({
    url: `/api/monitoring-accounts/${await addAccount()}/storage-state`,
    payload: storageState,
    success: 200,
  }),
  'DELETE /api/monitoring-accounts/:id': async () => ({
    url: `/api/monitoring-accounts/${await addAccount()}`,
    success: 204,
  }),
  'GET /api/alerts/groups': () => Promise.resolve({ url: '/api/alerts/groups', success: 200 }),
  'GET /api/alerts': () =>
    Promise.resolve({ url: '/api/alerts?dedupKey=match%3Anone', success: 200 }),
  'GET /api/alerts/facets': () => Promise.resolve({ url: '/api/alerts/facets', success: 200 }),
  'GET /api/alerts/:id': async () => ({ url: `/api/alerts/${await raiseAlert()}`, success: 200 }),
  'GET /api/images/:id/preview': async () => ({
    url: `/api/images/${await storedPhoto()}/preview`,
    success: 200,
  }),
  'GET /api/images/:id/revealed': async () => ({
    url: `/api/images/${await storedPhoto()}/revealed`,
    success: 200,
  }),
  'GET /api/documents/:id/pages/:pageNumber/thumbnail': async () => ({
    url: `/api/documents/${await documentWithThumbnail()}/pages/1/thumbnail`,
    success: 200,
  }),
  'GET /api/documents/:id/pages/:pageNumber/thumbnail/revealed': async () => ({
    url: `/api/documents/${await documentWithThumbnail()}/pages/1/thumbnail/revealed`,
    success: 200,
  }),
  // This API has no change feed: the signed-in get past the access rule to "unavailable".
  'GET /api/events': () => Promise.resolve({ url: '/api/events', success: 503 }),
  'POST /api/alerts/decisions': async () => ({
    url: '/api/alerts/decisions',
    payload: { action: 'assign', alertIds: [await raiseAlert()], assigneeId: null },
    success: 200,
  }),
  'GET /api/incidents': () => Promise.resolve({ url: '/api/incidents', success: 200 }),
  // Routed to the liaison's department, so that a liaison may read it too.
  'GET /api/incidents/:id': async () => ({
    url: `/api/incidents/${(await notifiedIncident()).incidentId}`,
    success: 200,
  }),
  'GET /api/incidents/:id/report': async () => ({
    url: `/api/incidents/${await openIncident()}/report`,
    success: 200,
  }),
  'GET /api/incidents/:id/evidence.zip': async () => ({
    url: `/api/incidents/${await openIncident()}/evidence.zip`,
    success: 200,
  }),
  'PATCH /api/incidents/:id': async () => ({
    url: `/api/incidents/${await openIncident()}`,
    payload: { status: 'reported' },
    success: 200,
  }),
  'POST /api/incidents/:id/comments': async () => ({
    url: `/api/incidents/${await openIncident()}/comments`,
    payload: { text: 'Đã gọi điện cho quản trị nhóm đề nghị gỡ bài.' },
    success: 201,
  }),
  'POST /api/incidents/:id/tasks': async () => ({
    url: `/api/incidents/${await openIncident()}/tasks`,
    payload: { title: 'Gửi thông báo vi phạm cho A05' },
    success: 201,
  }),
  'PATCH /api/incidents/:id/tasks/:taskId': async () => {
    const incidentId = await openIncident();
    const taskId = randomUUID();
    await testDb().repos.triage.addIncidentEvent(incidentId, {
      type: 'task_added',
      actorId: null,
      data: { taskId, title: 'Đề nghị quản trị nhóm gỡ bài' },
    });
    return {
      url: `/api/incidents/${incidentId}/tasks/${taskId}`,
      payload: { done: true },
      success: 200,
    };
  },
  // A notification to the liaison's own department: theirs to acknowledge.
  'POST /api/incidents/:id/notifications/:notificationId/acknowledge': async () => {
    const { incidentId, notificationId } = await notifiedIncident();
    return {
      url: `/api/incidents/${incidentId}/notifications/${notificationId}/acknowledge`,
      success: 200,
    };
  },
  'GET /api/notifications/:id/ack': async () => ({ url: await ackLink(), success: 200 }),
  'POST /api/notifications/:id/ack': async () => ({ url: await ackLink(), success: 200 }),
  'GET /api/overview': () =>
    Promise.resolve({ url: '/api/overview?from=2025-01-01&to=2025-03-31', success: 200 }),
  'GET /api/routing-targets': () => Promise.resolve({ url: '/api/routing-targets', success: 200 }),
  'POST /api/routing-targets': () =>
    Promise.resolve({
      url: '/api/routing-targets',
      payload: { name: `Sở thử ${randomUUID().slice(0, 6)}`, kind: 'department' },
      success: 201,
    }),
  'PATCH /api/routing-targets/:id': async () => {
    const [target] = await testDb().repos.routingTargets.list();
    return {
      url: `/api/routing-targets/${target?.id ?? ''}`,
      payload: { emails: ['vanthu@syt.lamdong.gov.vn'] },
      success: 200,
    };
  },
  'GET /api/routing-rules': () => Promise.resolve({ url: '/api/routing-rules', success: 200 }),
  'POST /api/routing-rules': () =>
    Promise.resolve({
      url: '/api/routing-rules',
      payload: { name: 'Mật: báo Công an', event: 'opened', targetKinds: ['police'] },
      success: 201,
    }),
  'PATCH /api/routing-rules/:id': async () => {
    const [rule] = await testDb().repos.rules.routingRules();
    return {
      url: `/api/routing-rules/${rule?.id ?? ''}`,
      payload: { minSeverity: 'medium' },
      success: 200,
    };
  },
  'GET /api/deadline-rules': () => Promise.resolve({ url: '/api/deadline-rules', success: 200 }),
  'POST /api/deadline-rules': () =>
    Promise.resolve({
      url: '/api/deadline-rules',
      payload: {
        name: `takedown_${randomUUID().slice(0, 6)}`,
        label: 'Gỡ bỏ trong 7 ngày',
        startEvent: 'takedown_requested',
        durationHours: 168,
        remind: ['assignee'],
        metBy: 'status_removed',
      },
      success: 201,
    }),
  'PATCH /api/deadline-rules/:id': async () => {
    const [rule] = await testDb().repos.rules.deadlineRules();
    return {
      url: `/api/deadline-rules/${rule?.id ?? ''}`,
      payload: { remindBeforeHours: [24, 6, 1] },
      success: 200,
    };
  },
  'GET /api/dead-letters': () => Promise.resolve({ url: '/api/dead-letters', success: 200 }),
  // A letter whose original job is gone: the allowed answer is 409 (dead-letters.int.test.ts
  // retries a real one).
  'POST /api/dead-letters/:id/retry': async () => ({
    url: `/api/dead-letters/${await fileDeadLetter()}/retry`,
    success: 409,
  }),
  'GET /api/match-dismissals': () =>
    Promise.resolve({ url: '/api/match-dismissals', success: 200 }),
  'DELETE /api/match-dismissals/:id': async () => ({
    url: `/api/match-dismissals/${await bankDismissal()}`,
    success: 204,
  }),
  'DELETE /api/dead-letters/:id': async () => ({
    url: `/api/dead-letters/${await fileDeadLetter()}`,
    success: 204,
  }),
  'GET /api/flood-holds': () => Promise.resolve({ url: '/api/flood-holds', success: 200 }),
  'POST /api/flood-holds/:id/release': async () => ({
    url: `/api/flood-holds/${(await openFloodHold(testDb().repos)).hold.id}/release`,
    payload: { action: 'release' },
    success: 200,
  }),
};

/** A sensitive-unregistered alert on a fresh image (no document needed). */
async function raiseAlert(): Promise<string> {
  const { repos } = testDb();
  const sha256 = randomUUID().replace(/-/g, '').padEnd(64, 'a');
  const { image } = await repos.crawlResults.upsertImage({
    sha256,
    byteSize: 1,
    mimeType: 'image/jpeg',
    width: null,
    height: null,
    blobKey: `image/${sha256.slice(0, 2)}/${sha256}`,
  });
  await repos.alerts.recordImageVerdict({
    jobKey: `process-image-${image.id}`,
    queue: 'images',
    imageId: image.id,
    alerts: [{ kind: 'sensitive_unregistered', dedupKey: `sensitive:${sha256}` }],
    outcome: {},
  });
  const [alert] = await repos.alerts.forImage(image.id);
  if (!alert) throw new Error('no alert raised');
  return alert.id;
}

async function openIncident(): Promise<string> {
  const [confirmed] = await testDb().repos.triage.confirm([await raiseAlert()], {
    userId: null,
    severityFor: () => 'medium',
  });
  if (!confirmed) throw new Error('no incident');
  return confirmed.incident.id;
}

/** An incident whose opening notified the liaison's department by e-mail. */
async function notifiedIncident(): Promise<{ incidentId: string; notificationId: string }> {
  const { repos } = testDb();
  const [confirmed] = await repos.triage.confirm([await raiseAlert()], {
    userId: null,
    severityFor: () => 'medium',
    notifyOpened: (incident) => [
      {
        incidentId: incident.id,
        targetId: liaisonDepartment,
        channel: 'email',
        event: 'opened',
        idempotencyKey: `${incident.id}:opened:${liaisonDepartment}:email`,
        payload: { event: 'opened', link: 'https://leakwatch.invalid/' },
      },
    ],
  });
  const [notification] = await repos.notifications.ofIncident(confirmed?.incident.id ?? '');
  if (!confirmed || !notification) throw new Error('no notification');
  return { incidentId: confirmed.incident.id, notificationId: notification.id };
}

/** The signed acknowledgement link such a notification carries. */
async function ackLink(): Promise<string> {
  const { notificationId } = await notifiedIncident();
  const { thumbnailKeys } = await loadSecrets(api.app.deps.config);
  const token = makeAckToken(notificationId, thumbnailKeys, new Date());
  return `/api/notifications/${notificationId}/ack?token=${token}`;
}

/** A liaison of a department of their own. */
async function placedLiaison(): Promise<User> {
  const { repos } = testDb();
  const department = await repos.routingTargets.create({
    name: 'Phòng Nghiệp vụ Y (thử)',
    kind: 'department',
    emails: ['phongnvy@syt.lamdong.gov.vn'],
  });
  liaisonDepartment = department.id;
  const created = await createUser(repos, 'liaison');
  const liaison = await repos.users.update(created.id, { routingTargetId: department.id });
  if (!liaison) throw new Error('liaison not placed');
  return liaison;
}

async function fileDeadLetter(): Promise<string> {
  const letters = new DeadLetters(api.app.deps.redis, api.app.deps.config.queue.prefix);
  try {
    return await letters.add({
      queue: 'images',
      job: 'process-image',
      jobId: `process-image-${randomUUID()}`,
      data: { imageId: randomUUID() },
      failure: 'undecodable',
      reason: 'LW_IMAGE_UNDECODABLE: truncated',
      attempts: 1,
      failedAt: new Date().toISOString(),
    });
  } finally {
    await letters.close();
  }
}

const storageState = {
  cookies: [{ name: 'c_user', value: '100091234567', domain: '.facebook.com', path: '/' }],
  origins: [],
};

async function addAccount(): Promise<string> {
  const account = await testDb().repos.monitoringAccounts.create({
    label: `acct-${randomUUID().slice(0, 8)}`,
  });
  if (!account) throw new Error('label taken');
  return account.id;
}

async function addSource(): Promise<string> {
  const key = randomUUID().slice(0, 8);
  const { source } = await testDb().repos.sources.upsert({
    kind: 'group',
    url: `https://www.facebook.com/groups/g-${key}`,
    canonicalKey: `group:g-${key}`,
  });
  return source.id;
}

/** A crawled photo stored in the API's blob store. */
async function storedPhoto(): Promise<string> {
  const blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
  const bytes = await sharp({
    create: {
      width: 64,
      height: 48,
      channels: 3,
      background: { r: 200, g: 30, b: Math.floor(Math.random() * 255) },
    },
  })
    .jpeg()
    .toBuffer();
  const stored = await blobs.put(bytes, 'image');
  const image = await storeImage(testDb().repos, { blobKey: stored.key, byteSize: bytes.length });
  return image.id;
}

/** A registered page whose reviewer thumbnail is sealed with the API's own keys. */
async function documentWithThumbnail(): Promise<string> {
  const { thumbnailKeys } = await loadSecrets(api.app.deps.config);
  const key = thumbnailKeys[0];
  if (!key) throw new Error('no thumbnail key');
  const thumbnail = await plainImage();
  const { document } = await registerFakeDocument(
    testDb().repos,
    { title: 'Danh sách F1 có trang xem trước' },
    { ciphertext: encryptThumbnail(thumbnail, key), keyId: key.id },
  );
  return document.id;
}

/** A photo-like image with no document in it: the matcher answers quickly, without OCR. */
function plainImage(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#4a7f3c' } })
    .png()
    .toBuffer();
}

async function registerDocument(): Promise<string> {
  documentCounter += 1;
  const { document } = await testDb().repos.documents.register(
    {
      contentSha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      title: `Danh sách F1 số ${documentCounter}`,
    },
    [],
  );
  return document.id;
}

/** A false match in the negative bank (an image said not to be a registered page). */
async function bankDismissal(): Promise<string> {
  const { repos } = testDb();
  const { page } = await registerFakeDocument(repos, { title: 'Mẫu phiếu điều tra' });
  const { dismissal } = await repos.matchDismissals.dismiss({
    imageSha256: randomUUID().replace(/-/g, '').padEnd(64, '2'),
    pageId: page.id,
    reason: 'false_match',
  });
  return dismissal.id;
}

const callers: Record<CallerName, () => Promise<Record<string, string>>> = {
  anonymous: () => Promise.resolve({}),
  admin: () => Promise.reject(new Error('set in beforeAll')),
  officer: () => Promise.reject(new Error('set in beforeAll')),
  leadership: () => Promise.reject(new Error('set in beforeAll')),
  'leadership+evidence': () => Promise.reject(new Error('set in beforeAll')),
  liaison: () => Promise.reject(new Error('set in beforeAll')),
  'token:documents:read': () => Promise.reject(new Error('set in beforeAll')),
  'token:all-scopes': () => Promise.reject(new Error('set in beforeAll')),
};

beforeAll(async () => {
  const { repos } = testDb();
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-api-access-'));
  api = await startApi(
    repos,
    { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    { documentServices: true, dataDir },
  );
  target = await createUser(repos, 'officer');
  const accounts: [CallerName, User][] = [
    ['admin', await createUser(repos, 'admin')],
    ['officer', await createUser(repos, 'officer')],
    ['leadership', await createUser(repos, 'leadership')],
    [
      'leadership+evidence',
      await createUser(repos, 'leadership', { permissions: ['evidence:view'] }),
    ],
    ['liaison', await placedLiaison()],
  ];
  // A fresh session per request: logging out or changing a password ends sessions.
  for (const [name, user] of accounts) callers[name] = () => sessionHeaders(repos, user);
  const tokens: [CallerName, Permission[]][] = [
    ['token:documents:read', ['documents:read']],
    [
      'token:all-scopes',
      ['documents:read', 'documents:write', 'match:run', 'alerts:read', 'incidents:read'],
    ],
  ];
  for (const [name, scopes] of tokens) {
    const { headers } = await tokenHeaders(repos, scopes);
    callers[name] = () => Promise.resolve(headers);
  }
});

afterAll(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('route × role access matrix', () => {
  it('has an expectation and an example for every declared route, and every route exists', () => {
    expect(Object.keys(allowed).sort()).toEqual(Object.keys(routePolicies).sort());
    expect(Object.keys(examples).sort()).toEqual(Object.keys(routePolicies).sort());
    for (const key of Object.keys(routePolicies)) {
      const [method = '', url = ''] = key.split(' ');
      expect(api.app.hasRoute({ method: method, url }), key).toBe(true);
    }
  });

  it('answers every route for every caller with the expected status', async () => {
    const outcomes: string[] = [];
    const mismatches: string[] = [];
    for (const key of Object.keys(routePolicies)) {
      const method = key.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
      const rule = allowed[key]!;
      for (const caller of Object.keys(callers) as CallerName[]) {
        const example = await examples[key]!(caller);
        const headers = await callers[caller]();
        const response = await api.app.inject({
          method,
          url: example.url,
          headers: { ...headers, ...example.headers },
          ...(example.payload ? { payload: example.payload } : {}),
        });
        const isAllowed = rule === everyone || rule.includes(caller);
        const expected = isAllowed ? example.success : caller === 'anonymous' ? 401 : 403;
        outcomes.push(`${key} ${caller} ${response.statusCode}`);
        if (response.statusCode !== expected)
          mismatches.push(
            `${key} as ${caller}: ${response.statusCode} (expected ${expected}) ${response.body.slice(0, 200)}`,
          );
        if (response.statusCode === 401 || response.statusCode === 403)
          expect(response.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(mismatches).toEqual([]);
    expect(outcomes).toHaveLength(Object.keys(routePolicies).length * Object.keys(callers).length);
  });
});
