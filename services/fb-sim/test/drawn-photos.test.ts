import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FacebookSimulator, type SimGroup } from '../src/index.js';

const simulators: FacebookSimulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

/** The CDN addresses a post's own page and its JSON give, by size variant. */
function cdnPaths(html: string): Map<string, string> {
  const found = new Map<string, string>();
  const unescaped = html.replaceAll('\\/', '/').replaceAll('&amp;', '&');
  for (const match of unescaped.matchAll(/\/v\/t39\.30808-6\/[^"\s]+/g)) {
    const variant = /_(s\d+x\d+)_/.exec(match[0])?.[1];
    if (variant) found.set(variant, match[0]);
  }
  return found;
}

describe('a photo drawn on request', () => {
  it('is drawn at each variant size the CDN is asked for, and served as drawn', async () => {
    const asked: string[] = [];
    const drawn = new Map<string, Buffer>();
    const draw = async (width: number, height: number) => {
      asked.push(`${width}x${height}`);
      const bytes = await sharp({
        create: { width, height, channels: 3, background: { r: width % 256, g: 90, b: 30 } },
      })
        .jpeg()
        .toBuffer();
      drawn.set(`${width}x${height}`, bytes);
      return bytes;
    };
    const group: SimGroup = {
      id: '100000000000777',
      vanity: 'nhom-ve-anh',
      name: 'Nhóm vẽ ảnh',
      posts: [
        {
          id: '1000000000000777',
          createdAt: Date.UTC(2021, 6, 20) / 1000,
          authorId: '100064000000',
          authorName: 'Nguyễn Văn Hùng',
          text: 'Ảnh vẽ theo yêu cầu',
          kind: 'photo',
          photos: [
            { name: '240000001_100000999999_1234567890_n.jpg', width: 2048, height: 1536, draw },
          ],
        },
      ],
    };
    const sim = new FacebookSimulator({ groups: [group] });
    simulators.push(sim);
    await sim.listen();
    const page = await sim.app.inject({
      method: 'GET',
      url: `/groups/${group.vanity}/posts/1000000000000777`,
      headers: { 'sec-fetch-dest': 'document' },
    });
    const paths = cdnPaths(page.body);
    for (const [variant, size] of [
      ['s640x640', '640x480'],
      ['s2048x2048', '2048x1536'],
    ] as const) {
      const path = paths.get(variant);
      expect(path, variant).toBeDefined();
      const image = await sim.app.inject({ method: 'GET', url: path ?? '' });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/jpeg');
      expect(image.rawPayload.equals(drawn.get(size) ?? Buffer.alloc(0))).toBe(true);
    }
    expect(asked).toEqual(['640x480', '2048x1536']);
  });
});
