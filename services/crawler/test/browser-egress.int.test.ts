import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@leakwatch/browser';
import type { LogSink } from '@leakwatch/observability';
import { parseAllowList } from '@leakwatch/safe-fetch';
import { BrowserPool, guardBrowserEgress } from '../src/index.js';

// Issue 12, server-side request forgery: a crawled post is written by strangers. Whatever its
// page asks the browser to load — images, frames, scripts, fetches — must not reach the
// metadata service or hosts inside the network, whatever the spelling or the name used.

interface Recorder {
  server: Server;
  origin: string;
  hits: string[];
}

let png: Buffer = Buffer.alloc(0);
const servers: Recorder[] = [];

async function serve(page?: (origin: string) => string): Promise<Recorder> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/' && page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(recorder.origin));
      return;
    }
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    response.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const recorder: Recorder = { server, origin: `http://127.0.0.1:${port}`, hits };
  servers.push(recorder);
  return recorder;
}

let pool: BrowserPool | undefined;

beforeAll(async () => {
  png = await sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 10, b: 10 } },
  })
    .png()
    .toBuffer();
  pool = new BrowserPool({ launch: () => launchChromium(process.env['CHROMIUM_PATH']) });
});

afterAll(async () => {
  await pool?.close();
  await Promise.all(
    servers.map((recorder) => new Promise((resolve) => recorder.server.close(resolve))),
  );
});

describe("the crawler's browser and the network inside", () => {
  it('loads what the post page needs from its own host and the allow-list, and nothing inside the network', async () => {
    const inside = await serve();
    const insidePort = new URL(inside.origin).port;
    const allowed = await serve();
    const post = await serve(
      (own) => `<!doctype html><html><body>
        <img id="own" src="${own}/own.png">
        <img id="allowed" src="${allowed.origin}/allowed.png">
        <img src="http://localhost:${insidePort}/by-name.png">
        <img src="http://[::ffff:127.0.0.1]:${insidePort}/mapped.png">
        <img src="http://0x7f.0.0.1:${insidePort}/hex.png">
        <img src="http://metadata.leakwatch.test:${insidePort}/resolved.png">
        <iframe src="http://169.254.169.254/latest/meta-data/"></iframe>
        <script>
          fetch('${inside.origin}/fetched').catch(() => undefined);
          new Image().src = '${inside.origin}/scripted.png';
        </script>
      </body></html>`,
    );
    const warnings: { host?: unknown; range?: unknown }[] = [];
    const log = {
      info: () => undefined,
      debug: () => undefined,
      error: () => undefined,
      warn: (fields: object) => {
        warnings.push(fields);
      },
    } as unknown as LogSink;

    const result = await pool!.withContext({}, async (context) => {
      const guard = await guardBrowserEgress(context, {
        trustedUrls: [`${post.origin}/`],
        allowList: parseAllowList([new URL(allowed.origin).host]),
        log,
        // The test's own name for the machine: a public-looking name whose answer is loopback.
        resolve: (hostname) =>
          Promise.resolve(hostname === 'metadata.leakwatch.test' ? ['127.0.0.1'] : []),
      });
      const page = await context.newPage();
      await page.goto(`${post.origin}/`, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      // Runs in the page; the project's types have no DOM, hence the cast of globalThis.
      const widths = await page.evaluate(() => {
        const doc = (
          globalThis as unknown as {
            document: { getElementById(id: string): { naturalWidth?: number } | null };
          }
        ).document;
        return ['own', 'allowed'].map((id) => doc.getElementById(id)?.naturalWidth ?? 0);
      });
      return { widths, refused: guard.refused() };
    });

    expect(result.widths).toEqual([8, 8]);
    expect(post.hits).toEqual(expect.arrayContaining(['/', '/own.png']));
    expect(allowed.hits).toEqual(['/allowed.png']);
    expect(inside.hits).toEqual([]);
    // localhost, mapped, hex, resolved name, metadata, the fetch and the scripted image. (A file:
    // frame never leaves Chromium, which refuses it for a web page by itself.)
    expect(result.refused).toBe(7);
    const hosts = warnings.map((warning) => String(warning.host));
    expect(hosts).toEqual(
      expect.arrayContaining([
        `localhost:${insidePort}`,
        '169.254.169.254',
        `metadata.leakwatch.test:${insidePort}`,
        `[::ffff:7f00:1]:${insidePort}`,
        `127.0.0.1:${insidePort}`,
      ]),
    );
    expect(warnings.find((warning) => warning.host === '169.254.169.254')?.range).toBe('linkLocal');
  });
});
