import type { RgbImage } from '../../src/index.js';

/** mulberry32: a small seeded generator, so every generated image is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function image(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const [r, g, b] = pixel(x, y);
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
    }
  }
  return { data, width, height, channels: 3 };
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

/** Independent uniform noise in every channel. */
export function noiseImage(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  return image(width, height, () => [
    Math.floor(random() * 256),
    Math.floor(random() * 256),
    Math.floor(random() * 256),
  ]);
}

/** A photo-like image: a few broad colour waves and gradients with mild noise. */
export function smoothImage(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  const [fx, fy, phase] = [1 + random() * 3, 1 + random() * 3, random() * Math.PI];
  return image(width, height, (x, y) => {
    const u = x / width;
    const v = y / height;
    const noise = (random() - 0.5) * 12;
    return [
      clamp(128 + 90 * Math.sin(2 * Math.PI * fx * u + phase) + noise),
      clamp(128 + 80 * Math.cos(2 * Math.PI * fy * v) + noise),
      clamp(255 * (0.6 * u + 0.4 * v) + noise),
    ];
  });
}

/** A white page with dark lines of "words" at random lengths: the layout of a typed document. */
export function textPage(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  const ink = new Uint8Array(width * height);
  const margin = Math.round(width * 0.1);
  const lineHeight = Math.max(4, Math.round(height / 40));
  for (let top = margin; top + lineHeight < height - margin; top += lineHeight * 2) {
    let x = margin;
    const lineEnd = width - margin - (random() < 0.2 ? random() * width * 0.4 : 0);
    while (x < lineEnd) {
      const word = Math.round(lineHeight * (1 + random() * 4));
      for (let y = top; y < top + lineHeight; y++) {
        for (let i = x; i < Math.min(x + word, lineEnd); i++) ink[y * width + i] = 1;
      }
      x += word + lineHeight;
    }
  }
  return image(width, height, (x, y) => (ink[y * width + x] ? [30, 30, 40] : [250, 248, 240]));
}
