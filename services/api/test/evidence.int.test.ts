import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { childProcessEnv, findWorkspaceRoot } from '@leakwatch/config';
import type { User } from '@leakwatch/db';
import { verifyEvidencePackage } from '@leakwatch/evidence';
import { openIncident, recordSighting, storeImage, useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let officer: User;
let leadership: User;
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-evidence-'));
  api = await startApi(testDb().repos, {}, { dataDir });
  officer = await createUser(testDb().repos, 'officer');
  leadership = await createUser(testDb().repos, 'leadership');
});
afterAll(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** `pnpm leakwatch evidence verify <zip> --json` against this test's database. */
function verify(
  zipPath: string,
): Promise<{ code: number | null; result: Record<string, unknown> }> {
  const root = findWorkspaceRoot();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'services/cli/bin/leakwatch.js'), 'evidence', 'verify', zipPath, '--json'],
      {
        cwd: root,
        env: childProcessEnv({
          DATABASE_URL: testDb().url,
          REDIS_URL: inject('leakwatch').redisUrl,
          LEAKWATCH_DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
        }),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code,
        result: JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>,
      });
    });
  });
}

async function incidentWithEvidence(): Promise<string> {
  const { repos } = testDb();
  const blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
  const photo = await blobs.put(Buffer.from(`ảnh chụp danh sách ${randomUUID()}`), 'image');
  const image = await storeImage(repos, {
    sha256: photo.sha256,
    byteSize: photo.byteSize,
    blobKey: photo.key,
  });
  const { postId } = await recordSighting(repos, image, {
    groupKey: 'congdong',
    post: {
      fbPostId: `9${Date.now()}`,
      permalink: 'https://www.facebook.com/groups/congdong/posts/123/',
      text: 'Danh sách F1',
    },
    sourceUrl: 'https://scontent.xx.fbcdn.net/v/t39.30808-6/1_2_3_n.jpg',
  });
  const screenshot = await blobs.put(Buffer.from('PNG của bài đăng'), 'screenshot');
  await repos.crawlResults.addEvidence({
    postId,
    kind: 'screenshot',
    blobKey: screenshot.key,
    sha256: screenshot.sha256,
    byteSize: screenshot.byteSize,
    contentType: 'image/png',
  });
  return (await openIncident(repos, { image, userId: officer.id })).id;
}

describe('evidence packages', () => {
  it('exports the files with a manifest, audited; `leakwatch evidence verify` detects tampering', async () => {
    const id = await incidentWithEvidence();
    const denied = await api.app.inject({
      method: 'GET',
      url: `/api/incidents/${id}/evidence.zip`,
      headers: await sessionHeaders(testDb().repos, leadership),
    });
    expect(denied.statusCode).toBe(403);

    const response = await api.app.inject({
      method: 'GET',
      url: `/api/incidents/${id}/evidence.zip`,
      headers: await sessionHeaders(testDb().repos, officer),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const zip = response.rawPayload;
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(
      [
        'manifest.json',
        expect.stringMatching(/^files\/image-[0-9a-f-]+\.jpg$/) as unknown as string,
        expect.stringMatching(/^files\/screenshot-[0-9a-f-]+\.png$/) as unknown as string,
      ].sort(),
    );
    const manifest = JSON.parse(Buffer.from(entries['manifest.json'] ?? []).toString()) as {
      exportedBy: string;
      incident: { id: string };
      files: { kind: string; postPermalink: string | null }[];
    };
    expect(manifest.exportedBy).toBe(officer.email);
    expect(manifest.incident.id).toBe(id);
    expect(manifest.files.map((file) => file.postPermalink)).toEqual([
      'https://www.facebook.com/groups/congdong/posts/123/',
      'https://www.facebook.com/groups/congdong/posts/123/',
    ]);
    const [exported] = await testDb().repos.audit.list({ action: 'evidence.exported' });
    expect(exported?.details).toMatchObject({
      manifestSha256: response.headers['x-manifest-sha256'],
      files: 2,
    });

    const folder = await mkdtemp(path.join(tmpdir(), 'lw-evidence-zip-'));
    try {
      const intact = path.join(folder, 'intact.zip');
      await writeFile(intact, zip);
      const good = await verify(intact);
      expect(good.code).toBe(0);
      expect(good.result).toMatchObject({ ok: true, files: 2, problems: [] });
      expect((good.result['export'] as { actorId: string }).actorId).toBe(officer.id);

      // A picture swapped inside the package.
      const imagePath = Object.keys(entries).find((name) => name.startsWith('files/image-')) ?? '';
      const swapped = path.join(folder, 'swapped.zip');
      await writeFile(swapped, zipSync({ ...entries, [imagePath]: Buffer.from('ảnh khác') }));
      const bad = await verify(swapped);
      expect(bad.code).toBe(1);
      expect(bad.result['problems']).toEqual(
        expect.arrayContaining([expect.stringContaining(`${imagePath}: SHA-256`)]),
      );

      // The manifest rewritten to fit: its hash matches no export in the audit log.
      const forgedManifest = JSON.parse(Buffer.from(entries['manifest.json'] ?? []).toString()) as {
        exportedBy: string;
      };
      forgedManifest.exportedBy = 'nguoi-khac@example.com';
      const forged = path.join(folder, 'forged.zip');
      await writeFile(
        forged,
        zipSync({
          ...entries,
          'manifest.json': Buffer.from(JSON.stringify(forgedManifest, null, 2)),
        }),
      );
      const rewritten = await verify(forged);
      expect(rewritten.code).toBe(1);
      expect(rewritten.result['problems']).toEqual([
        expect.stringContaining('matches no export in the audit log'),
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('streams the package as it is written; a blob altered on disk breaks the download instead of being packaged', async () => {
    const { repos } = testDb();
    const id = await incidentWithEvidence();
    const origin = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const download = async () =>
      fetch(`${origin}/api/incidents/${id}/evidence.zip`, {
        headers: await sessionHeaders(repos, officer),
      });
    const response = await download();
    expect(response.status).toBe(200);
    // Sent in chunks as the zip is written: no length known up front, nothing whole in memory.
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('content-length')).toBeNull();
    const verified = verifyEvidencePackage(new Uint8Array(await response.arrayBuffer()));
    expect(verified).toMatchObject({ ok: true, files: 2 });
    expect(verified.manifestSha256).toBe(response.headers.get('x-manifest-sha256'));

    // Someone swaps the stored picture: its bytes no longer match the hash the manifest names.
    const [sighting] = await repos.triage.sightingsOf(id);
    await writeFile(path.join(dataDir, 'blobs', sighting?.imageBlobKey ?? ''), 'ảnh đã bị thay');
    const broken = await download();
    expect(broken.status).toBe(200); // the headers left before the picture was read
    await expect(broken.arrayBuffer()).rejects.toThrow();
  }, 60_000);
});
