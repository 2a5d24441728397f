import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import type { User } from '@leakwatch/db';
import { verifyEvidencePackage, type EvidenceManifest } from '@leakwatch/evidence';
import {
  openIncident,
  recordSighting,
  registerFakeDocument,
  storeImage,
  useTestDatabase,
} from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let officer: User;
let dataDir = '';
let blobs: LocalBlobStore;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-retention-readers-'));
  blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
  api = await startApi(testDb().repos, {}, { dataDir });
  officer = await createUser(testDb().repos, 'officer');
});
afterAll(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A small JPEG, different every call, stored as a crawl stores an image. */
async function storedPicture() {
  const jpeg = await sharp({
    create: {
      width: 32,
      height: 24,
      channels: 3,
      background: { r: Math.floor(Math.random() * 255), g: 90, b: 40 },
    },
  })
    .withMetadata({ exif: { IFD0: { ImageDescription: randomUUID() } } })
    .jpeg()
    .toBuffer();
  const blob = await blobs.put(jpeg, 'image');
  const image = await storeImage(testDb().repos, {
    sha256: blob.sha256,
    byteSize: blob.byteSize,
    blobKey: blob.key,
  });
  return { blob, image };
}

/** Deletes and marks, in the order the retention run does. */
async function removeByRetention(key: string) {
  await blobs.delete(key);
  await testDb().repos.retention.markBlobsRemoved([key], new Date());
}

const get = async (url: string) =>
  api.app.inject({ method: 'GET', url, headers: await sessionHeaders(testDb().repos, officer) });

describe('readers of blobs the retention run removed', () => {
  it('answers a removed picture as gone, a picture missing for another reason as not found', async () => {
    const removed = await storedPicture();
    const stillThere = await storedPicture();
    const lost = await storedPicture();
    await removeByRetention(removed.blob.key);
    await blobs.delete(lost.blob.key);

    const gone = await get(`/api/images/${removed.image.id}/preview`);
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(gone.json()).toMatchObject({ code: 'LW_EVIDENCE_REMOVED', status: 410 });
    expect((await get(`/api/images/${removed.image.id}/revealed`)).statusCode).toBe(410);

    const missing = await get(`/api/images/${lost.image.id}/preview`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'LW_NOT_FOUND' });

    const shown = await get(`/api/images/${stillThere.image.id}/preview`);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
  });

  it("lists removed files in the evidence package's manifest instead of failing the export", async () => {
    const { repos } = testDb();
    const { blob, image } = await storedPicture();
    const { postId } = await recordSighting(repos, image, {
      post: { fbPostId: `7${Date.now()}`, permalink: 'https://www.facebook.com/groups/x/posts/1/' },
    });
    const screenshot = await blobs.put(Buffer.from(`PNG ${randomUUID()}`), 'evidence-screenshot');
    await repos.crawlResults.addEvidence({
      postId,
      kind: 'screenshot',
      blobKey: screenshot.key,
      sha256: screenshot.sha256,
      byteSize: screenshot.byteSize,
      contentType: 'image/png',
    });
    const incident = await openIncident(repos, { image, userId: officer.id });
    await removeByRetention(blob.key);

    const response = await get(`/api/incidents/${incident.id}/evidence.zip`);
    expect(response.statusCode).toBe(200);
    const entries = unzipSync(response.rawPayload);
    const manifest = JSON.parse(
      Buffer.from(entries['manifest.json'] ?? []).toString(),
    ) as EvidenceManifest;
    expect(manifest.files.map((file) => file.kind)).toEqual(['screenshot']);
    expect(manifest.removedByRetention).toEqual([
      expect.objectContaining({
        kind: 'image',
        sha256: blob.sha256,
        bytes: blob.byteSize,
        reason: 'retention',
        path: expect.stringMatching(/^files\/image-/) as unknown as string,
        removedAt: expect.any(String) as unknown as string,
      }),
    ]);
    const removedPath = manifest.removedByRetention?.[0]?.path ?? '';
    expect(Object.keys(entries)).not.toContain(removedPath);
    expect(verifyEvidencePackage(response.rawPayload)).toMatchObject({ ok: true, files: 1 });
    const [exported] = await repos.audit.list({ action: 'evidence.exported' });
    expect(exported?.details).toMatchObject({ files: 1, removedByRetention: 1 });
  });

  it("answers a document's removed thumbnails as gone", async () => {
    const { repos } = testDb();
    const { document } = await registerFakeDocument(repos, { retentionUntil: '2024-01-31' });
    await repos.retention.markDocumentContentRemoved([document.id], new Date());
    const gone = await get(`/api/documents/${document.id}/pages/1/thumbnail`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ code: 'LW_EVIDENCE_REMOVED' });
    const absentPage = await get(`/api/documents/${document.id}/pages/9/thumbnail`);
    expect(absentPage.statusCode).toBe(404);
  });
});
