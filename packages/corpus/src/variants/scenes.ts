import sharp from 'sharp';
import type { Random } from '../random.js';
import { addGaussianNoise } from './noise.js';

/**
 * Photo-like images without photographs: layered SVG landscapes and table tops, softened and
 * given sensor noise. They stand in for the holiday pictures, food and street scenes
 * that make up most of a feed, and serve as backgrounds for synthetic phone photos.
 */

function hsl(h: number, s: number, l: number): string {
  return `hsl(${Math.round(h) % 360} ${Math.round(s)}% ${Math.round(l)}%)`;
}

function ridge(random: Random, width: number, baseY: number, amplitude: number): string {
  const points: string[] = [`0,${baseY}`];
  const steps = random.int(5, 12);
  for (let i = 0; i <= steps; i += 1) {
    points.push(
      `${Math.round((i / steps) * width)},${Math.round(baseY - random.float(0.2, 1) * amplitude)}`,
    );
  }
  return points.join(' ');
}

function landscapeSvg(random: Random, width: number, height: number): string {
  const hue = random.int(180, 230);
  const evening = random.chance(0.3);
  const skyTop = evening ? hsl(random.int(10, 40), 70, 55) : hsl(hue, 60, 55);
  const skyBottom = evening ? hsl(random.int(30, 50), 80, 75) : hsl(hue, 50, 85);
  const layers: string[] = [];
  const count = random.int(2, 4);
  for (let i = 0; i < count; i += 1) {
    const base = height * (0.45 + i * 0.12);
    layers.push(
      `<polygon points="${ridge(random, width, base, height * 0.25)} ${width},${height} 0,${height}" fill="${hsl(random.int(90, 150), random.int(20, 50), 45 - i * 9)}"/>`,
    );
  }
  const trees: string[] = [];
  for (let i = 0; i < random.int(3, 14); i += 1) {
    const x = random.int(0, width);
    const y = random.int(Math.round(height * 0.7), height);
    const h = random.int(Math.round(height * 0.08), Math.round(height * 0.25));
    trees.push(
      `<polygon points="${x},${y - h} ${x - h / 4},${y} ${x + h / 4},${y}" fill="${hsl(random.int(100, 140), 40, random.int(15, 30))}"/>`,
    );
  }
  const sun = `<circle cx="${random.int(0, width)}" cy="${random.int(Math.round(height * 0.05), Math.round(height * 0.35))}" r="${random.int(20, Math.round(width / 12))}" fill="${evening ? '#ffd27a' : '#fff6d5'}" opacity="0.9"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${skyTop}"/><stop offset="1" stop-color="${skyBottom}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#s)"/>${sun}${layers.join('')}${trees.join('')}</svg>`;
}

function tableTopSvg(random: Random, width: number, height: number): string {
  const wood = random.int(20, 40);
  const plates: string[] = [];
  for (let i = 0; i < random.int(1, 5); i += 1) {
    const r = random.int(Math.round(width / 12), Math.round(width / 5));
    const cx = random.int(r, width - r);
    const cy = random.int(r, height - r);
    plates.push(
      `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#f4f1ea"/><circle cx="${cx}" cy="${cy}" r="${Math.round(r * 0.7)}" fill="${hsl(random.int(0, 60), random.int(40, 80), random.int(35, 60))}"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${hsl(wood, 45, random.int(30, 45))}"/>${plates.join('')}</svg>`;
}

/** A photo-like scene as raw RGB pixels. */
export async function scenePixels(random: Random, width: number, height: number): Promise<Buffer> {
  const svg = random.chance(0.7)
    ? landscapeSvg(random, width, height)
    : tableTopSvg(random, width, height);
  const pixels = await sharp(Buffer.from(svg))
    .blur(random.float(0.6, 1.6))
    .removeAlpha()
    .raw()
    .toBuffer();
  addGaussianNoise(pixels, random.float(3, 7), random);
  return pixels;
}

/** A photo-like scene encoded as JPEG, e.g. for a distractor. */
export async function sceneJpeg(random: Random, width: number, height: number): Promise<Buffer> {
  const raw = await scenePixels(random, width, height);
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: random.int(70, 90) })
    .toBuffer();
}

/** A surface a page lies on in a phone photo: wood grain, desk laminate or fabric. */
export async function surfacePixels(
  random: Random,
  width: number,
  height: number,
): Promise<Buffer> {
  const hue = random.pick([25, 30, 35, 200, 0, 90]);
  const saturation = hue === 0 ? 0 : random.int(15, 45);
  const lightness = random.int(28, 62);
  const stretch = random.chance(0.6);
  const grainWidth = stretch ? Math.max(8, Math.round(width / 40)) : width;
  const grain = await sharp({
    create: { width: grainWidth, height, channels: 3, background: hsl(hue, saturation, lightness) },
  })
    .raw()
    .toBuffer();
  addGaussianNoise(grain, 18, random);
  return sharp(grain, { raw: { width: grainWidth, height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'cubic' })
    .blur(stretch ? 1.2 : 2)
    .raw()
    .toBuffer();
}
