import { createHash, createHmac } from 'node:crypto';
import sharp from 'sharp';
import type { SimPhoto } from './content.js';

/** Size variants the CDN serves; the name is the same for all of them. */
export type SizeVariant = 's320x320' | 's640x640' | 's2048x2048';

const edges: Record<SizeVariant, number> = { s320x320: 320, s640x640: 640, s2048x2048: 2048 };

/**
 * Signed, expiring CDN URLs like scontent's: `oh` signs the file, size and expiry; a URL past
 * `oe` (hex epoch seconds) or with a wrong `oh` is refused, so a crawler must download promptly
 * and must not rewrite size segments.
 */
export class SimCdn {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  url(photo: SimPhoto, variant: SizeVariant, bucket = 't39.30808-6'): string {
    const oe = Math.floor(this.now() / 1000 + this.lifetimeSeconds)
      .toString(16)
      .toUpperCase();
    const stp = `dst-jpg_${variant}_tt6`;
    const oh = `00_${this.sign(photo.name, stp, oe)}`;
    return `${this.baseUrl}/v/${bucket}/${photo.name}?stp=${stp}&_nc_cat=105&ccb=1-7&_nc_sid=127cfc&_nc_ohc=Q7x&_nc_ht=scontent-hkg4-1.xx&oh=${oh}&oe=${oe}`;
  }

  /** Null when the URL is not one this CDN signed, or has expired. */
  check(
    name: string,
    stp: string | undefined,
    oh: string | undefined,
    oe: string | undefined,
  ): SizeVariant | null {
    if (!stp || !oh || !oe) return null;
    if (oh !== `00_${this.sign(name, stp, oe)}`) return null;
    if (Number.parseInt(oe, 16) * 1000 < this.now()) return null;
    const variant = /_(s\d+x\d+)_/.exec(stp)?.[1];
    return variant && variant in edges ? (variant as SizeVariant) : null;
  }

  private sign(name: string, stp: string, oe: string): string {
    return createHmac('sha256', this.secret)
      .update(`${name}|${stp}|${oe}`)
      .digest('base64url')
      .slice(0, 22);
  }
}

const drawn = new Map<string, Buffer>();

/** The bytes of one variant: planted bytes resized, the photo's own drawing, or patches; cached. */
export async function photoBytes(photo: SimPhoto, variant: SizeVariant): Promise<Buffer> {
  const cacheKey = `${photo.name}:${variant}`;
  const cached = drawn.get(cacheKey);
  if (cached) return cached;
  const edge = edges[variant];
  const scale = Math.min(1, edge / Math.max(photo.width, photo.height));
  const width = Math.max(1, Math.round(photo.width * scale));
  const height = Math.max(1, Math.round(photo.height * scale));
  const bytes = photo.bytes
    ? await sharp(photo.bytes)
        .resize(width, height, { fit: 'fill' })
        .jpeg({ quality: 80 })
        .toBuffer()
    : photo.draw
      ? await photo.draw(width, height)
      : await drawPicture(photo.name, width, height);
  if (drawn.size > 2_000) drawn.clear();
  drawn.set(cacheKey, bytes);
  return bytes;
}

/** A plain picture unique to its name (the colours come from it): cheap to make at any size. */
async function drawPicture(name: string, width: number, height: number): Promise<Buffer> {
  const digest = createHash('sha256').update(name).digest();
  const colour = (at: number) => ({
    r: digest[at] ?? 0,
    g: digest[at + 1] ?? 0,
    b: digest[at + 2] ?? 0,
  });
  // Three patches placed by the name's digest: no two photos look (or hash) alike.
  const patches = await Promise.all(
    [3, 9, 15].map(async (at) => ({
      input: await sharp({
        create: {
          width: Math.max(1, width >> 2),
          height: Math.max(1, height >> 2),
          channels: 3,
          background: colour(at),
        },
      })
        .png()
        .toBuffer(),
      left: Math.floor(((digest[at + 3] ?? 0) / 255) * (width - (width >> 2))),
      top: Math.floor(((digest[at + 4] ?? 0) / 255) * (height - (height >> 2))),
    })),
  );
  return sharp({ create: { width, height, channels: 3, background: colour(0) } })
    .composite(patches)
    .jpeg({ quality: 80 })
    .toBuffer();
}
