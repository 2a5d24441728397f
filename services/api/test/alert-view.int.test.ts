import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { encryptThumbnail } from '@leakwatch/registry';
import {
  matchAlert,
  recordAlert,
  recordSighting,
  registerFakeDocument,
  storeImage,
  useTestDatabase,
} from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
const thumbnailKey = { id: 'view-1', key: randomBytes(32) };
let api: Awaited<ReturnType<typeof startApi>>;
let dataDir = '';
let officer: Record<string, string>;
let leadership: Record<string, string>;

function pageOf(registered: { document: { id: string }; page: { id: string } }) {
  return { documentId: registered.document.id, pageId: registered.page.id };
}

/** A photographed page: black lines of "text" on white, 1000×1400. */
async function pagePhoto(): Promise<Buffer> {
  const lines = Array.from(
    { length: 30 },
    (_, i) => `<rect x="80" y="${120 + i * 40}" width="${300 + ((i * 131) % 500)}" height="16"/>`,
  ).join('');
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1400"><rect width="100%" height="100%" fill="#fff"/>${lines}</svg>`,
    ),
  )
    .jpeg()
    .toBuffer();
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-alert-view-'));
  api = await startApi(
    testDb().repos,
    {
      THUMBNAIL_KEYS: `${thumbnailKey.id}:${thumbnailKey.key.toString('base64')}`,
      TEXT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
    },
    { dataDir, changeFeedUrl: testDb().url },
  );
  const { repos } = testDb();
  officer = await sessionHeaders(repos, await createUser(repos, 'officer'));
  leadership = await sessionHeaders(repos, await createUser(repos, 'leadership'));
});

afterAll(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('triage groups', () => {
  it('come strongest and most widely spread first, and filter by source, document, score and date', async () => {
    const { repos } = testDb();
    const weak = await registerFakeDocument(repos, { title: 'Quyết định cách ly — yếu' });
    const spread = await registerFakeDocument(repos, { title: 'Danh sách F0 — lan rộng' });
    const strong = await registerFakeDocument(repos, { title: 'Phiếu điều tra dịch tễ — mạnh' });
    const weakImage = await storeImage(repos);
    await recordSighting(repos, weakImage, { groupKey: 'nhom-a' });
    await recordAlert(repos, { image: weakImage, alert: matchAlert(pageOf(weak), { score: 0.5 }) });
    // Two alerts of the same score: the one seen in three posts (two places) comes first.
    const spreadImage = await storeImage(repos);
    await recordSighting(repos, spreadImage, { groupKey: 'nhom-a' });
    await recordSighting(repos, spreadImage, { groupKey: 'nhom-b' });
    await recordSighting(repos, spreadImage, { groupKey: 'nhom-b' });
    await recordAlert(repos, {
      image: spreadImage,
      alert: matchAlert(pageOf(spread), { score: 0.8 }),
    });
    const loneImage = await storeImage(repos);
    await recordSighting(repos, loneImage, { groupKey: 'nhom-c' });
    await recordAlert(repos, {
      image: loneImage,
      alert: matchAlert(pageOf(strong), { score: 0.8 }),
    });
    const strongest = await storeImage(repos);
    await recordSighting(repos, strongest, { groupKey: 'nhom-c' });
    await recordAlert(repos, {
      image: strongest,
      alert: matchAlert(pageOf(strong), { score: 0.97, dedupKey: 'match:strongest' }),
    });

    const list = async (query = '') => {
      const response = await api.app.inject({
        url: `/api/alerts/groups?status=new${query}`,
        headers: officer,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{
        groups: { dedupKey: string; maxScore: number; sightings: number; places: number }[];
      }>().groups;
    };
    const all = await list();
    expect(all.map((group) => [group.maxScore, group.sightings, group.places])).toEqual([
      [expect.closeTo(0.97, 5), 1, 1],
      [expect.closeTo(0.8, 5), 3, 2],
      [expect.closeTo(0.8, 5), 1, 1],
      [expect.closeTo(0.5, 5), 1, 1],
    ]);

    const facets = (await api.app.inject({ url: '/api/alerts/facets', headers: officer })).json<{
      sources: { id: string; url: string; alerts: number }[];
      documents: { id: string }[];
    }>();
    const groupA = facets.sources.find((source) => source.url.endsWith('/nhom-a'));
    expect(groupA?.alerts).toBe(2);
    expect(facets.documents.map((document) => document.id).sort()).toEqual(
      [weak.document.id, spread.document.id, strong.document.id].sort(),
    );

    expect((await list(`&sourceId=${groupA?.id ?? ''}`)).map((g) => g.maxScore)).toEqual([
      expect.closeTo(0.8, 5),
      expect.closeTo(0.5, 5),
    ]);
    expect((await list(`&documentId=${strong.document.id}`)).length).toBe(2);
    expect((await list('&minScore=0.9')).length).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`&from=${today}&to=${today}`)).length).toBe(4);
    expect((await list('&to=2020-01-01')).length).toBe(0);

    const backwards = await api.app.inject({
      url: '/api/alerts/groups?from=2026-02-01&to=2026-01-01',
      headers: officer,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<{ errors: { where: string; message: string }[] }>().errors).toEqual([
      { where: 'querystring/from', message: '"from" must not be after "to"' },
    ]);
  });
});

describe('one alert, side by side with its page', () => {
  it('explains the match, outlines both regions and lists where the image was seen', async () => {
    const { repos } = testDb();
    const thumbnail = await sharp(await pagePhoto())
      .resize({ width: 480 })
      .png()
      .toBuffer();
    const { document, page } = await registerFakeDocument(
      repos,
      { title: 'Danh sách F1 phường 3 — Đà Lạt', classification: 'mat' },
      { ciphertext: encryptThumbnail(thumbnail, thumbnailKey), keyId: thumbnailKey.id },
    );
    const blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
    const photo = await blobs.put(await pagePhoto(), 'image');
    const image = await storeImage(repos, { blobKey: photo.key, width: 1000, height: 1400 });
    await recordSighting(repos, image, {
      groupKey: 'khu-pho-da-lat',
      post: { text: 'Ai biết danh sách này không?', permalink: 'https://www.facebook.com/p/1' },
    });
    await recordSighting(repos, image, { groupKey: 'cho-da-lat' });
    const region = {
      inImage: [
        { x: 40, y: 60 },
        { x: 960, y: 50 },
        { x: 970, y: 1350 },
        { x: 30, y: 1360 },
      ],
      inPage: [
        { x: 0, y: 0 },
        { x: 1240, y: 0 },
        { x: 1240, y: 1754 },
        { x: 0, y: 1754 },
      ],
    };
    const signals = {
      rules: ['text', 'geometry'],
      agreed: ['pdq', 'text', 'geometry'],
      pdqDistance: 52,
      text: {
        containment: 0.81,
        discriminativeContainment: 0.74,
        discriminativeHits: 9,
        anchorHits: 3,
      },
      geometry: { inliers: 140, matches: 210 },
    };
    const { alert } = await recordAlert(repos, {
      image,
      alert: matchAlert({ documentId: document.id, pageId: page.id }, { signals, region }),
    });

    const response = await api.app.inject({ url: `/api/alerts/${alert.id}`, headers: officer });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json<{
      explanation: typeof signals;
      region: typeof region;
      image: { width: number; height: number };
      document: { title: string; classification: string };
      page: { pageNumber: number; width: number; hasThumbnail: boolean };
      sightings: { text: string | null; permalink: string | null; source: { url: string } }[];
    }>();
    expect(detail.explanation).toEqual(signals);
    expect(detail.region).toEqual(region);
    expect([detail.image.width, detail.image.height]).toEqual([1000, 1400]);
    expect(detail.document).toMatchObject({
      title: 'Danh sách F1 phường 3 — Đà Lạt',
      classification: 'mat',
    });
    expect(detail.page).toMatchObject({ pageNumber: 1, width: 1240, hasThumbnail: true });
    expect(detail.sightings.map((s) => s.source.url.split('/').pop())).toEqual([
      'khu-pho-da-lat',
      'cho-da-lat',
    ]);
    expect(detail.sightings[0]?.text).toBe('Ai biết danh sách này không?');

    const missing = await api.app.inject({
      url: '/api/alerts/00000000-0000-4000-8000-000000000000',
      headers: officer,
    });
    expect(missing.statusCode).toBe(404);

    // The posted picture: blurred for looking, clear only on request, and that request audited.
    const blurred = await api.app.inject({
      url: `/api/images/${image.id}/preview`,
      headers: officer,
    });
    expect(blurred.statusCode).toBe(200);
    expect(blurred.headers['content-type']).toBe('image/jpeg');
    expect(blurred.headers['x-source-width']).toBe('1000');
    const revealed = await api.app.inject({
      url: `/api/images/${image.id}/revealed`,
      headers: officer,
    });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.headers['cache-control']).toBe('private, no-store');
    expect(await sharpness(revealed.rawPayload)).toBeGreaterThan(
      4 * (await sharpness(blurred.rawPayload)),
    );
    // Leadership sees figures, not pictures of people's data.
    expect(
      (await api.app.inject({ url: `/api/images/${image.id}/revealed`, headers: leadership }))
        .statusCode,
    ).toBe(403);

    const thumb = await api.app.inject({
      url: `/api/documents/${document.id}/pages/1/thumbnail`,
      headers: officer,
    });
    expect(thumb.statusCode, thumb.body).toBe(200);
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(480);
    const clearPage = await api.app.inject({
      url: `/api/documents/${document.id}/pages/1/thumbnail/revealed`,
      headers: officer,
    });
    expect(clearPage.statusCode).toBe(200);
    expect(
      (
        await api.app.inject({
          url: `/api/documents/${document.id}/pages/2/thumbnail`,
          headers: officer,
        })
      ).statusCode,
    ).toBe(404);

    const audit = await repos.audit.list({ limit: 20 });
    const actions = audit.map((entry) => `${entry.action} ${entry.targetId ?? ''}`);
    expect(actions).toContain(`evidence.revealed ${image.id}`);
    expect(actions).toContain(`document.page_revealed ${document.id}`);
    expect(actions.filter((action) => action.startsWith('evidence.revealed'))).toHaveLength(1);
  });

  it('answers an image it cannot decode, or whose file is gone, with a problem', async () => {
    const { repos } = testDb();
    const blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
    const junk = await blobs.put(Buffer.from('không phải ảnh'), 'image');
    const image = await storeImage(repos, { blobKey: junk.key });
    const response = await api.app.inject({
      url: `/api/images/${image.id}/preview`,
      headers: officer,
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');

    // A picture whose file is gone (retention, a failed download) is "not found", not a fault.
    const gone = await storeImage(repos);
    const missing = await api.app.inject({
      url: `/api/images/${gone.id}/preview`,
      headers: officer,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ detail: string }>().detail).toBe('The image file was not found');
  });
});

/** Largest jump between vertically neighbouring pixels down a column crossing the lines. */
async function sharpness(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  let largest = 0;
  for (let y = 1; y < info.height; y += 1) {
    const here = data[y * info.width + Math.floor(info.width / 4)] ?? 0;
    const above = data[(y - 1) * info.width + Math.floor(info.width / 4)] ?? 0;
    largest = Math.max(largest, Math.abs(here - above));
  }
  return largest;
}

describe('live updates', () => {
  it('stream the topics that changed, coalesced, to signed-in browsers only', async () => {
    const { repos } = testDb();
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/api/events`)).status).toBe(401);

    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, {
      headers: { cookie: officer['cookie'] ?? '' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    if (!response.body) throw new Error('no body');
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const nextChange = async (): Promise<string[]> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const match = /event: change\ndata: (.*)\n\n/.exec(received);
        if (match) {
          received = received.slice(match.index + match[0].length);
          return (JSON.parse(match[1] ?? '{}') as { topics: string[] }).topics;
        }
        if (Date.now() > deadline) throw new Error(`no change event; got ${received}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += decoder.decode(value, { stream: true });
      }
    };
    // Connected (the feed LISTENs) before anything changes.
    while (!received.includes(': connected')) {
      const { value } = await reader.read();
      received += decoder.decode(value, { stream: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));

    const { alert } = await recordAlert(repos);
    expect(await nextChange()).toEqual(['alerts']);
    // A confirmation touches alerts, incidents and the timeline: one message with both topics.
    const user = await createUser(repos, 'officer');
    await api.app.inject({
      method: 'POST',
      url: '/api/alerts/decisions',
      headers: await sessionHeaders(repos, user),
      payload: { action: 'confirm', alertIds: [alert.id] },
    });
    expect(await nextChange()).toEqual(['alerts', 'incidents']);
    controller.abort();
  });
});
