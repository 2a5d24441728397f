import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  loadPageImage,
  makeVariant,
  Random,
} from '@leakwatch/corpus';
import { handmadePdf, useTestDatabase } from '@leakwatch/testkit';
import { multipart, tokenHeaders } from './support/api-harness.js';
import { sessionHeaders, createUser, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let dataDir = '';
let decisionPdf: Buffer = Buffer.alloc(0);
let decisionPhoto: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-api-documents-'));
  api = await startApi(testDb().repos, {}, { documentServices: true, dataDir });
  const renderer = await CorpusRenderer.open(undefined);
  try {
    const random = new Random('api-decision');
    const rendered = await renderer.renderDocument(
      documentHtml(
        healthDocument(random, 'quarantine-decision', 'api-decision'),
        random.fork('html'),
      ),
    );
    decisionPdf = rendered.pdf;
    const page = await loadPageImage(rendered.pages[0]!);
    decisionPhoto = (await makeVariant('phone-photo', [page], new Random('api-photo'))).bytes;
  } finally {
    await renderer.close();
  }
});

afterAll(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('documents and matching over HTTP', () => {
  it('registers an upload with its metadata, once, finds it in a phone photo, and forgets it when revoked', async () => {
    const { repos } = testDb();
    const officer = await sessionHeaders(repos, await createUser(repos, 'officer'));
    const upload = multipart(
      { name: 'QĐ cách ly 311.pdf', bytes: decisionPdf, type: 'application/pdf' },
      {
        numberSymbol: '311/QĐ-SYT',
        classification: 'mat',
        ownerDepartment: 'Phòng Nghiệp vụ Y',
        tags: 'covid-19, cách ly,',
        retentionUntil: '2031-12-31',
      },
    );
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: { ...officer, ...upload.headers },
      payload: upload.payload,
    });
    expect(created.statusCode).toBe(201);
    const registration = created.json<{
      documentId: string;
      title: string;
      pages: number;
      status: string;
    }>();
    expect(registration).toMatchObject({ title: 'QĐ cách ly 311', status: 'registered' });
    expect(registration.pages).toBeGreaterThanOrEqual(1);
    const stored = await repos.documents.findById(registration.documentId);
    expect(stored).toMatchObject({
      numberSymbol: '311/QĐ-SYT',
      classification: 'mat',
      ownerDepartment: 'Phòng Nghiệp vụ Y',
      tags: ['covid-19', 'cách ly'],
      retentionUntil: '2031-12-31',
    });

    // The department's document system pushes the same file with its token: nothing new.
    const integration = await tokenHeaders(repos, ['documents:write', 'match:run']);
    const again = await api.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: { ...integration.headers, ...upload.headers },
      payload: upload.payload,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      documentId: registration.documentId,
      status: 'already-registered',
    });

    const photo = multipart({ name: 'ảnh chụp.jpg', bytes: decisionPhoto, type: 'image/jpeg' });
    const match = await api.app.inject({
      method: 'POST',
      url: '/api/match',
      headers: { ...integration.headers, ...photo.headers },
      payload: photo.payload,
    });
    expect(match.statusCode).toBe(200);
    const result = match.json<{
      file: string;
      verdict: string;
      matches: { documentId: string; page: number }[];
    }>();
    expect(result.file).toBe('ảnh chụp.jpg');
    expect(result.verdict).toBe('match');
    expect(result.matches[0]).toMatchObject({ documentId: registration.documentId, page: 1 });

    const revoked = await api.app.inject({
      method: 'DELETE',
      url: `/api/documents/${registration.documentId}`,
      headers: officer,
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    const after = await api.app.inject({
      method: 'POST',
      url: '/api/match',
      headers: { ...integration.headers, ...photo.headers },
      payload: photo.payload,
    });
    expect(
      after.json<{ matches: { documentId: string }[] }>().matches.map((m) => m.documentId),
    ).not.toContain(registration.documentId);

    const audit = await repos.audit.list({ targetId: registration.documentId });
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'document.registered',
      'document.registration_repeated',
      'document.revoked',
    ]);
  });

  it('refuses bad uploads with a clear problem and stores nothing', async () => {
    const { repos } = testDb();
    const headers = await sessionHeaders(repos, await createUser(repos, 'officer'));
    const before = (await repos.documents.list()).length;

    const asJson = await api.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers,
      payload: { file: 'not here' },
    });
    expect(asJson.statusCode).toBe(415);
    expect(asJson.json()).toMatchObject({ code: 'LW_UNSUPPORTED_MEDIA_TYPE' });

    const encrypted = multipart({
      name: 'mật.pdf',
      bytes: handmadePdf({ pages: [['x']], encrypted: true }),
    });
    const refused = await api.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: { ...headers, ...encrypted.headers },
      payload: encrypted.payload,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'LW_DOCUMENT_ENCRYPTED' });

    const badField = multipart(
      { name: 'a.pdf', bytes: handmadePdf({ pages: [['SO Y TE']] }) },
      { classification: 'secret', retentionUntil: '31/12/2031' },
    );
    const invalid = await api.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: { ...headers, ...badField.headers },
      payload: badField.payload,
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ detail: string }>().detail).toMatch(/classification.*retentionUntil/s);

    const notAnImage = multipart({ name: 'x.jpg', bytes: Buffer.from('no pixels here') });
    const unreadable = await api.app.inject({
      method: 'POST',
      url: '/api/match',
      headers: { ...headers, ...notAnImage.headers },
      payload: notAnImage.payload,
    });
    expect(unreadable.statusCode).toBeGreaterThanOrEqual(400);
    expect(unreadable.statusCode).toBeLessThan(500);
    expect(unreadable.headers['content-type']).toContain('application/problem+json');

    expect((await repos.documents.list()).length).toBe(before);
  });
});
