import { afterEach, describe, expect, it } from 'vitest';
import { FacebookSimulator, type SimGroup } from '../src/index.js';

const simulators: FacebookSimulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

describe('a photo with raw bytes (a hostile file)', () => {
  it('is served byte for byte at every size variant, with the Content-Type it was given', async () => {
    // What a CDN answers when a session ends: a login page, claiming to be a JPEG.
    const html = Buffer.from('<!DOCTYPE html><html><body>Log in to Facebook</body></html>');
    const group: SimGroup = {
      id: '100000000000778',
      vanity: 'nhom-tep-hong',
      name: 'Nhóm tệp hỏng',
      posts: [
        {
          id: '1000000000000778',
          createdAt: Date.UTC(2021, 6, 20) / 1000,
          authorId: '100064000000',
          authorName: 'Nguyễn Văn Hùng',
          text: 'Ảnh lỗi',
          kind: 'photo',
          photos: [
            {
              name: '240000002_100000999999_1234567890_n.jpg',
              width: 800,
              height: 600,
              raw: { bytes: html, contentType: 'image/jpeg' },
            },
          ],
        },
      ],
    };
    const sim = new FacebookSimulator({ groups: [group] });
    simulators.push(sim);
    await sim.listen();
    const page = await sim.app.inject({
      method: 'GET',
      url: `/groups/${group.vanity}/posts/1000000000000778`,
      headers: { 'sec-fetch-dest': 'document' },
    });
    const unescaped = page.body.replaceAll('\\/', '/').replaceAll('&amp;', '&');
    const paths = [...unescaped.matchAll(/\/v\/t39\.30808-6\/[^"\s]+/g)].map((m) => m[0]);
    const variants = new Set(paths.map((path) => /_(s\d+x\d+)_/.exec(path)?.[1]));
    // The feed's size and the largest, which the crawler downloads.
    expect(variants).toContain('s640x640');
    expect(variants).toContain('s2048x2048');
    for (const path of paths) {
      const served = await sim.app.inject({ method: 'GET', url: path });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/jpeg');
      expect(served.rawPayload.equals(html)).toBe(true);
    }
  });
});
