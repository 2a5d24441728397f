import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList, SafeFetcher } from '../src/index.js';

// A real HTTP server on loopback plays the image host; the fetcher must be told it may go there.
// A second one plays a private service (an admin page, a database's HTTP port) that must never
// be reached: it counts every request it gets.
let server: http.Server;
let origin = '';
let port = 0;
let jpeg = Buffer.alloc(0);
let privateServer: http.Server;
let privatePort = 0;
const privateHits: string[] = [];

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .jpeg()
    .toBuffer();
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/photo.jpg':
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
        return;
      case '/claims-image':
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>login</html>');
        return;
      case '/huge':
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        // No content-length: the cap must hold while streaming.
        response.write(jpeg);
        for (let index = 0; index < 64; index += 1) response.write(Buffer.alloc(64 * 1024));
        response.end();
        return;
      case '/hop': {
        const left = Number(url.searchParams.get('n') ?? '0');
        response.writeHead(302, { location: left > 0 ? `/hop?n=${left - 1}` : '/photo.jpg' }).end();
        return;
      }
      case '/to-metadata':
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      case '/to-private':
        response.writeHead(url.searchParams.get('status') === '307' ? 307 : 302, {
          location: `http://127.0.0.1:${privatePort}/admin`,
        });
        response.end();
        return;
      case '/hook':
        request.resume();
        request.on('end', () => response.writeHead(204).end());
        return;
      case '/hook-refuses':
        request.resume();
        request.on('end', () => response.writeHead(401).end());
        return;
      case '/slow':
        setTimeout(() => response.writeHead(200).end(jpeg), 3_000);
        return;
      case '/gone':
        response.writeHead(404).end();
        return;
      default:
        response.writeHead(503).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  privateServer = http.createServer((request, response) => {
    privateHits.push(`${request.method ?? '?'} ${request.url ?? ''}`);
    response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
  });
  await new Promise<void>((resolve) => privateServer.listen(0, '127.0.0.1', resolve));
  privatePort = (privateServer.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const each of [server, privateServer]) {
    each.closeAllConnections();
    await new Promise((resolve) => each.close(resolve));
  }
});

function fetcher(overrides: Partial<ConstructorParameters<typeof SafeFetcher>[0]> = {}) {
  return new SafeFetcher({
    allowList: parseAllowList([`127.0.0.1:${port}`]),
    maxBytes: 1024 * 1024,
    maxRedirects: 3,
    timeoutMs: 1_000,
    ...overrides,
  });
}

describe('fetching untrusted image URLs', () => {
  it('fetches an allowed image and says what it really is', async () => {
    const safe = fetcher();
    const result = await safe.fetchImage(`${origin}/photo.jpg`);
    expect(result).toMatchObject({ ok: true, contentType: 'image/jpeg', redirects: 0 });
    expect(result.ok && result.bytes.equals(jpeg)).toBe(true);
    // Two redirects are within the limit of three; four are not.
    expect(await safe.fetchImage(`${origin}/hop?n=1`)).toMatchObject({ ok: true, redirects: 2 });
    expect(await safe.fetchImage(`${origin}/hop?n=3`)).toMatchObject({
      ok: false,
      failure: 'too_many_redirects',
      transient: false,
    });
    await safe.close();
  });

  it('refuses private addresses unless allowed, also behind a redirect', async () => {
    const strict = fetcher({ allowList: new Set() });
    expect(await strict.fetchImage(`${origin}/photo.jpg`)).toMatchObject({
      ok: false,
      failure: 'refused_address',
      detail: expect.stringContaining('loopback') as unknown,
    });
    const safe = fetcher();
    expect(await safe.fetchImage(`${origin}/to-metadata`)).toMatchObject({
      ok: false,
      failure: 'refused_address',
      detail: expect.stringContaining('169.254.169.254') as unknown,
    });
    expect(await safe.fetchImage('file:///etc/passwd')).toMatchObject({ failure: 'bad_url' });
    expect(await safe.fetchImage(`http://user:pw@127.0.0.1:${port}/photo.jpg`)).toMatchObject({
      failure: 'bad_url',
    });
    await Promise.all([strict.close(), safe.close()]);
  });

  it('classifies every other failure, transient or not', async () => {
    const safe = fetcher();
    expect(await safe.fetchImage(`${origin}/huge`)).toMatchObject({ failure: 'too_large' });
    expect(await safe.fetchImage(`${origin}/claims-image`)).toMatchObject({
      failure: 'not_an_image',
    });
    expect(await safe.fetchImage(`${origin}/gone`)).toMatchObject({
      failure: 'http_status',
      status: 404,
      transient: false,
    });
    expect(await safe.fetchImage(`${origin}/busy`)).toMatchObject({
      failure: 'server_error',
      status: 503,
      transient: true,
    });
    expect(await safe.fetchImage(`${origin}/slow`)).toMatchObject({
      failure: 'timeout',
      transient: true,
    });
    // Nothing listens on port 9 of this machine (allowed, so the connection is attempted).
    const closed = fetcher({ allowList: parseAllowList(['127.0.0.1:9']) });
    expect(await closed.fetchImage('http://127.0.0.1:9/x.jpg')).toMatchObject({
      failure: 'unreachable',
      transient: true,
    });
    await Promise.all([safe.close(), closed.close()]);
  });
  it('refuses private, metadata and loopback addresses however they are written, and names that resolve to them', async () => {
    const strict = fetcher({ allowList: new Set() });
    const refusals: [string, RegExp][] = [
      ['http://10.0.0.1/x.jpg', /10\.0\.0\.1 \(private\)/],
      ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 \(linkLocal\)/],
      [`http://[::1]:${privatePort}/x.jpg`, /::1 \(loopback\)/],
      [`http://[::ffff:127.0.0.1]:${privatePort}/x.jpg`, /\(loopback\)/],
      [`http://2130706433:${privatePort}/x.jpg`, /127\.0\.0\.1 \(loopback\)/],
      [`http://localhost:${privatePort}/x.jpg`, /localhost resolves to .* \(loopback\)/],
    ];
    for (const [url, detail] of refusals) {
      const result = await strict.fetchImage(url);
      expect(result, url).toMatchObject({
        ok: false,
        failure: 'refused_address',
        transient: false,
      });
      expect(!result.ok && result.detail, url).toMatch(detail);
    }
    // A public-looking name whose DNS answer is private (the resolver is the test's).
    const lying = fetcher({
      allowList: new Set(),
      resolve: (hostname) =>
        Promise.resolve(
          hostname === 'cdn.example.vn'
            ? [{ address: '127.0.0.1', family: 4 }]
            : [
                { address: '93.184.216.34', family: 4 },
                { address: '10.9.8.7', family: 4 },
              ],
        ),
    });
    expect(await lying.fetchImage(`http://cdn.example.vn:${privatePort}/x.jpg`)).toMatchObject({
      failure: 'refused_address',
      detail: expect.stringContaining('cdn.example.vn resolves to 127.0.0.1') as unknown,
    });
    // One private address among public ones is enough to refuse.
    expect(await lying.fetchImage(`http://mixed.example.vn:${privatePort}/x.jpg`)).toMatchObject({
      failure: 'refused_address',
      detail: expect.stringContaining('10.9.8.7') as unknown,
    });
    expect(privateHits).toEqual([]);
    await Promise.all([strict.close(), lying.close()]);
  });

  it('refuses a name that turns private between the check and the connection (DNS rebinding)', async () => {
    let lookups = 0;
    const rebinding = fetcher({
      allowList: new Set(),
      // Public when checked, the private server's address when connecting.
      resolve: () => {
        lookups += 1;
        return Promise.resolve([
          { address: lookups === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 },
        ]);
      },
    });
    expect(
      await rebinding.fetchImage(`http://rebind.example.vn:${privatePort}/x.jpg`),
    ).toMatchObject({
      ok: false,
      failure: 'refused_address',
      detail: expect.stringContaining('rebind.example.vn resolves to 127.0.0.1') as unknown,
    });
    expect(lookups).toBe(2);
    expect(privateHits).toEqual([]);
    await rebinding.close();
  });

  it('never follows an image redirect to an address that is not allowed, though its origin is', async () => {
    const safe = fetcher();
    expect(await safe.fetchImage(`${origin}/to-private`)).toMatchObject({
      ok: false,
      failure: 'refused_address',
      detail: expect.stringContaining('(loopback)') as unknown,
    });
    expect(privateHits).toEqual([]);
    await safe.close();
  });
});

describe('posting to untrusted URLs (webhooks)', () => {
  it('posts to an allowed address and reports the answer', async () => {
    const safe = fetcher();
    const post = (path: string) =>
      safe.post(`${origin}${path}`, {
        headers: { 'content-type': 'application/json' },
        body: '{"event":"opened"}',
      });
    expect(await post('/hook')).toEqual({ ok: true, status: 204 });
    expect(await post('/hook-refuses')).toMatchObject({
      ok: false,
      failure: 'http_status',
      status: 401,
    });
    expect(await post('/busy')).toMatchObject({ ok: false, failure: 'server_error', status: 503 });
    await safe.close();
  });

  it('refuses private addresses and never follows a redirect, even a 307 that would re-post', async () => {
    const body = { headers: { 'content-type': 'application/json' }, body: '{}' };
    const strict = fetcher({ allowList: new Set() });
    for (const url of [
      `http://127.0.0.1:${privatePort}/admin`,
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${privatePort}/admin`,
      `http://localhost:${privatePort}/admin`,
    ])
      expect(await strict.post(url, body), url).toMatchObject({
        ok: false,
        failure: 'refused_address',
      });
    const safe = fetcher();
    for (const status of ['302', '307']) {
      const result = await safe.post(`${origin}/to-private?status=${status}`, body);
      expect(result).toMatchObject({ ok: false, failure: 'http_status', status: Number(status) });
      expect(!result.ok && result.detail).toContain(
        `redirect to http://127.0.0.1:${privatePort}/admin not followed`,
      );
    }
    expect(await strict.post('file:///etc/passwd', body)).toMatchObject({ failure: 'bad_url' });
    expect(privateHits).toEqual([]);
    await Promise.all([strict.close(), safe.close()]);
  });
});
