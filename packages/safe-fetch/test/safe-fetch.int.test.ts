import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList, SafeFetcher } from '../src/index.js';

// A real HTTP server on loopback plays the image host; the fetcher must be told it may go there.
let server: http.Server;
let origin = '';
let port = 0;
let jpeg = Buffer.alloc(0);

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
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
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
});
