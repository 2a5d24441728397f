import sharp, { type Sharp } from 'sharp';
import type { Random } from '../random.js';
import { escapeHtml } from '../render/document-html.js';
import { leakCaption } from '../render/social-html.js';
import {
  applyHomography,
  homographyFromPoints,
  warpOnto,
  type Point,
  type RawImage,
} from './perspective.js';
import { addGaussianNoise } from './noise.js';
import { surfacePixels } from './scenes.js';

/**
 * The ways a registered page reaches Facebook, one function per class, each driven by a seeded
 * random stream so the same corpus comes out of the same seed.
 */
export const variantClasses = [
  'reencode',
  'screenshot',
  'crop',
  'rotation',
  'phone-photo',
  'monitor-photo',
  'overlay',
  'two-pages',
  'combined',
] as const;

export type VariantClass = (typeof variantClasses)[number];

export interface PageImage {
  png: Buffer;
  width: number;
  height: number;
  /** Bounding box of the ink (non-white content) on the page. */
  content: { left: number; top: number; width: number; height: number };
}

export interface Variant {
  bytes: Buffer;
  extension: 'jpg' | 'png' | 'webp';
  /** Share of the page's inked area that the image shows (1 when all of it). */
  keptFraction: number;
  params: Record<string, number | string | boolean>;
}

export async function loadPageImage(png: Buffer): Promise<PageImage> {
  const { width, height } = await sharp(png).metadata();
  const trimmed = await sharp(png).trim({ threshold: 30 }).toBuffer({ resolveWithObject: true });
  return {
    png,
    width,
    height,
    content: {
      left: -(trimmed.info.trimOffsetLeft ?? 0),
      top: -(trimmed.info.trimOffsetTop ?? 0),
      width: trimmed.info.width,
      height: trimmed.info.height,
    },
  };
}

async function raw(image: Sharp): Promise<RawImage> {
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function fromRaw(image: RawImage): Sharp {
  return sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels as 3 },
  });
}

async function jpeg(image: Sharp, quality: number): Promise<Buffer> {
  return image.jpeg({ quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0' }).toBuffer();
}

async function reencode(page: PageImage, random: Random): Promise<Variant> {
  const width = random.pick([720, 960, 1080, 1440, 2048]);
  const webp = random.chance(0.2);
  const quality = webp ? random.int(65, 90) : random.int(55, 92);
  const resized = sharp(page.png).resize({ width });
  return {
    bytes: webp ? await resized.webp({ quality }).toBuffer() : await jpeg(resized, quality),
    extension: webp ? 'webp' : 'jpg',
    keptFraction: 1,
    params: { width, quality, format: webp ? 'webp' : 'jpeg' },
  };
}

/** A chat or feed screenshot: status bar, app bar, caption bubble, the page, an input bar. */
async function screenshot(page: PageImage, random: Random): Promise<Variant> {
  const width = 1080;
  const height = 2340;
  const theme = random.pick(['zalo', 'facebook', 'dark'] as const);
  const background = { zalo: '#dfe6ee', facebook: '#ffffff', dark: '#18191a' }[theme];
  const barColor = { zalo: '#0068ff', facebook: '#ffffff', dark: '#242526' }[theme];
  const textColor = theme === 'facebook' ? '#050505' : '#ffffff';
  const caption = leakCaption(random);
  const top = 80 + 150 + (random.chance(0.7) ? 170 : 20);
  const zoom = random.chance(0.35) ? random.float(1.3, 1.9) : 1;
  const shownWidth = Math.round((width - 2 * random.int(0, 30)) * zoom);
  const scaled = await sharp(page.png).resize({ width: shownWidth }).png().toBuffer();
  const scaledHeight = Math.round((page.height * shownWidth) / page.width);
  const availableHeight = height - top - 140;
  const offsetX = zoom > 1 ? random.int(0, shownWidth - width) : 0;
  const offsetY = zoom > 1 ? random.int(0, Math.max(0, Math.round(scaledHeight * 0.5))) : 0;
  const visibleWidth = Math.min(width, shownWidth - offsetX);
  const visibleHeight = Math.min(availableHeight, scaledHeight - offsetY);
  const piece = await sharp(scaled)
    .extract({ left: offsetX, top: offsetY, width: visibleWidth, height: visibleHeight })
    .png()
    .toBuffer();
  const keptFraction = Math.min(1, (visibleWidth * visibleHeight) / (shownWidth * scaledHeight));
  const chrome = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="${width}" height="80" fill="${barColor}"/>
  <text x="40" y="55" font-family="Liberation Sans" font-size="34" fill="${textColor}">${random.int(6, 23)}:${String(random.int(0, 59)).padStart(2, '0')}</text>
  <text x="${width - 200}" y="55" font-family="Liberation Sans" font-size="30" fill="${textColor}">4G ${random.int(10, 99)}%</text>
  <rect y="80" width="${width}" height="150" fill="${barColor}"/>
  <text x="40" y="175" font-family="Liberation Sans" font-size="46" font-weight="bold" fill="${textColor}">‹  ${escapeHtml(random.pick(['Hội Đức Trọng 24h', 'Nhóm Phường 9', 'Cộng đồng Bảo Lộc', 'Anh Tuấn', 'Chị Hằng Y tế']))}</text>
  ${top > 260 ? `<rect x="30" y="250" width="${width - 60}" height="130" rx="24" fill="${theme === 'dark' ? '#3a3b3c' : '#ffffff'}"/><text x="60" y="330" font-family="Liberation Sans" font-size="40" fill="${theme === 'dark' ? '#e4e6eb' : '#050505'}">${escapeHtml(caption)}</text>` : ''}
  <rect y="${height - 140}" width="${width}" height="140" fill="${barColor}"/>
  <rect x="40" y="${height - 110}" width="${width - 200}" height="80" rx="40" fill="${theme === 'facebook' ? '#f0f2f5' : '#ffffff'}" opacity="0.9"/>
</svg>`;
  const image = sharp({ create: { width, height, channels: 3, background } }).composite([
    { input: piece, left: Math.round((width - visibleWidth) / 2), top },
    { input: Buffer.from(chrome), left: 0, top: 0 },
  ]);
  const asPng = random.chance(0.4);
  const flattened = sharp(await image.png().toBuffer());
  return {
    bytes: asPng ? await flattened.png().toBuffer() : await jpeg(flattened, random.int(75, 92)),
    extension: asPng ? 'png' : 'jpg',
    keptFraction,
    params: { theme, zoom: Number(zoom.toFixed(2)) },
  };
}

/** A rectangle covering `fraction` of the page's inked area, somewhere inside it. */
function cropRectangle(page: PageImage, random: Random, fraction: number) {
  const { content } = page;
  const area = fraction * content.width * content.height;
  const aspect = random.float(0.55, 1.8) * (content.width / content.height);
  const width = Math.min(content.width, Math.max(64, Math.round(Math.sqrt(area * aspect))));
  const height = Math.min(content.height, Math.max(64, Math.round(area / width)));
  const left = content.left + random.int(0, content.width - width);
  const top = content.top + random.int(0, content.height - height);
  return { left, top, width, height, kept: (width * height) / (content.width * content.height) };
}

async function crop(page: PageImage, random: Random): Promise<Variant> {
  const fraction = random.float(0.3, 0.9);
  const rect = cropRectangle(page, random, fraction);
  const scale = random.float(0.6, 1);
  const image = sharp(page.png)
    .extract({ left: rect.left, top: rect.top, width: rect.width, height: rect.height })
    .resize({ width: Math.round(rect.width * scale) });
  return {
    bytes: await jpeg(image, random.int(65, 90)),
    extension: 'jpg',
    keptFraction: rect.kept,
    params: { fraction: Number(rect.kept.toFixed(3)), scale: Number(scale.toFixed(2)) },
  };
}

async function rotation(page: PageImage, random: Random): Promise<Variant> {
  const quarter = random.chance(0.5);
  const angle = quarter ? random.pick([90, 180, 270]) : random.pick([-1, 1]) * random.float(1, 6);
  const background = random.pick(['#ffffff', '#f2f2f2', '#d9d9d9']);
  const image = sharp(page.png)
    .rotate(angle, { background })
    .resize({ width: random.pick([1080, 1240, 1500]) });
  return {
    bytes: await jpeg(image, random.int(70, 92)),
    extension: 'jpg',
    keptFraction: 1,
    params: { angle: Number(angle.toFixed(2)) },
  };
}

/** Where the page's corners land in a hand-held photo: keystone, tilt and jitter. */
function photoQuad(
  random: Random,
  canvasWidth: number,
  canvasHeight: number,
  aspect: number,
  cover: number,
): Point[] {
  const height = canvasHeight * cover;
  const width = height * aspect;
  const cx = canvasWidth / 2 + random.float(-0.04, 0.04) * canvasWidth;
  const cy = canvasHeight / 2 + random.float(-0.03, 0.03) * canvasHeight;
  const keystone = random.float(0.84, 0.98);
  const topNarrow = random.chance(0.7);
  const topHalf = (width / 2) * (topNarrow ? keystone : 1);
  const bottomHalf = (width / 2) * (topNarrow ? 1 : keystone);
  const angle = (random.float(-5, 5) * Math.PI) / 180;
  const jitter = () => random.float(-0.012, 0.012) * canvasWidth;
  const corners = [
    { x: -topHalf, y: -height / 2 },
    { x: topHalf, y: -height / 2 },
    { x: bottomHalf, y: height / 2 },
    { x: -bottomHalf, y: height / 2 },
  ];
  return corners.map(({ x, y }) => ({
    x: cx + x * Math.cos(angle) - y * Math.sin(angle) + jitter(),
    y: cy + x * Math.sin(angle) + y * Math.cos(angle) + jitter(),
  }));
}

/** Uneven light, a hand's shadow, colour cast, blur, sensor noise and a phone's JPEG. */
async function cameraLook(
  canvas: RawImage,
  random: Random,
  finalWidth: number,
): Promise<{ bytes: Buffer; params: Record<string, number> }> {
  const { width, height } = canvas;
  const angle = random.int(0, 359);
  const darkness = random.float(0.15, 0.4);
  // Light and shadow are smooth: draw them at 1/8 scale (cheap blur) and enlarge.
  const small = { width: Math.ceil(width / 8), height: Math.ceil(height / 8) };
  const shadowX = random.pick([0, small.width]);
  const shadowY = random.pick([0, small.height]);
  const lightSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="${small.width}" height="${small.height}">
  <defs>
    <linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)"><stop offset="0" stop-color="#000" stop-opacity="${darkness.toFixed(2)}"/><stop offset="1" stop-color="#000" stop-opacity="0"/></linearGradient>
    <radialGradient id="v"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="${random.float(0.15, 0.35).toFixed(2)}"/></radialGradient>
    <filter id="b"><feGaussianBlur stdDeviation="${Math.max(1, Math.round(small.width / 25))}"/></filter>
  </defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <rect width="100%" height="100%" fill="url(#v)"/>
  ${random.chance(0.6) ? `<ellipse cx="${shadowX}" cy="${shadowY}" rx="${Math.round(small.width * random.float(0.25, 0.45))}" ry="${Math.round(small.height * random.float(0.15, 0.3))}" fill="#000" opacity="${random.float(0.25, 0.45).toFixed(2)}" filter="url(#b)"/>` : ''}
</svg>`;
  const light = await sharp(Buffer.from(lightSvg))
    .resize(width, height, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer();
  const warm = random.chance(0.6);
  const blur = random.float(0.6, 1.5);
  const noiseSigma = random.float(6, 16);
  // Intermediate images stay raw: PNG-encoding 3 MP layers would cost more than the effects.
  const lit = await fromRaw(canvas)
    .composite([{ input: light, raw: { width, height, channels: 4 } }])
    .removeAlpha()
    .raw()
    .toBuffer();
  addGaussianNoise(lit, noiseSigma * 0.5, random);
  const quality = random.int(55, 80);
  const image = sharp(lit, { raw: { width, height, channels: 3 } })
    .linear(warm ? [1.04, 1.0, 0.9] : [0.94, 0.98, 1.05], [warm ? 6 : 0, 0, warm ? 0 : 6])
    .blur(blur)
    .resize({ width: finalWidth });
  return {
    bytes: await jpeg(image, quality),
    params: {
      lightAngle: angle,
      blur: Number(blur.toFixed(2)),
      noise: Number(noiseSigma.toFixed(1)),
      quality,
    },
  };
}

export interface VariantOverrides {
  /** Phone photos: the width the photo is saved at (default: 960, 1200 or 1500 at random). */
  finalWidth?: number;
}

async function phonePhoto(
  page: PageImage,
  random: Random,
  overrides: VariantOverrides,
): Promise<Variant> {
  const canvasWidth = 1500;
  const canvasHeight = 2000;
  const canvas: RawImage = {
    data: await surfacePixels(random, canvasWidth, canvasHeight),
    width: canvasWidth,
    height: canvasHeight,
    channels: 3,
  };
  const quad = photoQuad(
    random,
    canvasWidth,
    canvasHeight,
    page.width / page.height,
    random.float(0.74, 0.92),
  );
  warpOnto(await raw(sharp(page.png)), canvas, quad);
  const chosenWidth = random.pick([960, 1200, 1500]);
  const finalWidth = overrides.finalWidth ?? chosenWidth;
  const camera = await cameraLook(canvas, random, finalWidth);
  return {
    bytes: camera.bytes,
    extension: 'jpg',
    keptFraction: 1,
    params: { ...camera.params, finalWidth },
  };
}

/** A page shown in a PDF viewer, photographed off the monitor: moiré, subpixels, glare. */
async function monitorPhoto(page: PageImage, random: Random): Promise<Variant> {
  const screenWidth = 1600;
  const screenHeight = 1000;
  const pageHeight = Math.round(screenHeight * random.float(0.92, 1.0));
  const pagePng = await sharp(page.png).resize({ height: pageHeight }).png().toBuffer();
  const pageWidth = Math.round((page.width * pageHeight) / page.height);
  const screen = await raw(
    sharp({
      create: { width: screenWidth, height: screenHeight, channels: 3, background: '#525659' },
    }).composite([
      {
        input: pagePng,
        left: Math.round((screenWidth - pageWidth) / 2),
        top: Math.round((screenHeight - pageHeight) / 2),
      },
    ]),
  );
  // Moiré: the camera's sampling grid beating against the pixel grid.
  const fx = random.float(0.015, 0.06);
  const fy = random.float(0.01, 0.05);
  const amplitude = random.float(0.06, 0.14);
  for (let y = 0; y < screen.height; y += 1) {
    for (let x = 0; x < screen.width; x += 1) {
      const factor =
        1 +
        amplitude *
          Math.sin(2 * Math.PI * (x * fx + y * fy)) *
          Math.sin(2 * Math.PI * (x * fy - y * fx) * 0.5);
      const o = (y * screen.width + x) * 3;
      const sub = x % 3;
      for (let c = 0; c < 3; c += 1) {
        const subpixel = c === sub ? 1.02 : 0.96;
        screen.data[o + c] = Math.max(
          0,
          Math.min(255, Math.round((screen.data[o + c] as number) * factor * subpixel)),
        );
      }
    }
  }
  const canvasWidth = 2000;
  const canvasHeight = 1500;
  const canvas: RawImage = {
    data: await surfacePixels(random, canvasWidth, canvasHeight),
    width: canvasWidth,
    height: canvasHeight,
    channels: 3,
  };
  for (let i = 0; i < canvas.data.length; i += 1)
    canvas.data[i] = Math.round((canvas.data[i] as number) * 0.35);
  warpOnto(
    screen,
    canvas,
    photoQuad(
      random,
      canvasWidth,
      canvasHeight,
      screenWidth / screenHeight,
      random.float(0.72, 0.9),
    ),
  );
  const glare = `<svg xmlns="http://www.w3.org/2000/svg" width="${canvasWidth}" height="${canvasHeight}"><defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="${random.float(0.25, 0.5).toFixed(2)}"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${random.int(300, 1700)}" cy="${random.int(300, 1200)}" rx="${random.int(200, 500)}" ry="${random.int(150, 400)}" fill="url(#g)"/></svg>`;
  const glared = await raw(
    fromRaw(canvas).composite([{ input: Buffer.from(glare), blend: 'screen' }]),
  );
  const camera = await cameraLook(glared, random, random.pick([1280, 1600, 2000]));
  return {
    bytes: camera.bytes,
    extension: 'jpg',
    keptFraction: 1,
    params: { ...camera.params, moire: Number(amplitude.toFixed(3)) },
  };
}

/** What people draw on a leak before sharing it: stickers, red circles, blacked-out names, captions. */
async function overlaid(page: PageImage, random: Random): Promise<Sharp> {
  const { width, height, content } = page;
  const shapes: string[] = [];
  for (let i = 0; i < random.int(0, 4); i += 1) {
    const y = content.top + random.int(0, content.height - 40);
    const x = content.left + random.int(0, Math.round(content.width * 0.5));
    shapes.push(
      `<rect x="${x}" y="${y}" width="${random.int(Math.round(width * 0.12), Math.round(width * 0.3))}" height="${random.int(24, 36)}" fill="#000"/>`,
    );
  }
  for (let i = 0; i < random.int(1, 2); i += 1) {
    shapes.push(
      `<ellipse cx="${content.left + random.int(0, content.width)}" cy="${content.top + random.int(0, content.height)}" rx="${random.int(120, 300)}" ry="${random.int(50, 120)}" fill="none" stroke="#e53935" stroke-width="${random.int(6, 12)}"/>`,
    );
  }
  const stickers = ['😂', '😱', '🔥', '❤', '👉', '⚠'];
  const colors = ['#f9a825', '#e53935', '#fb8c00', '#d81b60'];
  for (let i = 0; i < random.int(1, 3); i += 1) {
    shapes.push(
      `<text x="${random.int(0, width - 200)}" y="${random.int(200, height - 40)}" font-family="Noto Color Emoji" font-size="${random.int(120, 220)}" fill="${random.pick(colors)}">${random.pick(stickers)}</text>`,
    );
  }
  if (random.chance(0.7)) {
    const atTop = random.chance(0.5);
    const y = atTop ? 0 : height - 150;
    shapes.push(
      `<rect x="0" y="${y}" width="${width}" height="150" fill="#000" opacity="0.65"/><text x="${width / 2}" y="${y + 98}" text-anchor="middle" font-family="Liberation Sans" font-weight="bold" font-size="58" fill="#fff">${escapeHtml(leakCaption(random))}</text>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`;
  return sharp(
    await sharp(page.png)
      .composite([{ input: Buffer.from(svg) }])
      .png()
      .toBuffer(),
  );
}

async function overlay(page: PageImage, random: Random): Promise<Variant> {
  const image = (await overlaid(page, random)).resize({ width: random.pick([1080, 1240]) });
  return {
    bytes: await jpeg(image, random.int(70, 90)),
    extension: 'jpg',
    keptFraction: 1,
    params: {},
  };
}

async function twoPages(pages: readonly PageImage[], random: Random): Promise<Variant> {
  const [first, second] = pages;
  if (!first || !second) throw new Error('two-pages needs two pages');
  const gap = random.int(10, 60);
  const width = first.width + second.width + gap * 3;
  const height = Math.max(first.height, second.height) + gap * 2;
  const image = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: random.pick(['#cfcfcf', '#6d6d6d', '#ffffff']),
    },
  }).composite([
    { input: first.png, left: gap, top: gap },
    { input: second.png, left: first.width + gap * 2, top: gap },
  ]);
  const flattened = sharp(await image.png().toBuffer()).resize({
    width: random.pick([1600, 2048]),
  });
  return {
    bytes: await jpeg(flattened, random.int(70, 90)),
    extension: 'jpg',
    keptFraction: 1,
    params: { gap },
  };
}

/** Share of the page's inked area that lands inside `window` once the page is warped onto `quad`. */
function visibleShare(
  page: PageImage,
  quad: readonly Point[],
  window: { left: number; top: number; width: number; height: number },
): number {
  const toCanvas = homographyFromPoints(
    [
      { x: 0, y: 0 },
      { x: page.width, y: 0 },
      { x: page.width, y: page.height },
      { x: 0, y: page.height },
    ],
    quad,
  );
  const steps = 40;
  let inside = 0;
  for (let i = 0; i < steps; i += 1) {
    for (let j = 0; j < steps; j += 1) {
      const p = applyHomography(toCanvas, {
        x: page.content.left + ((i + 0.5) / steps) * page.content.width,
        y: page.content.top + ((j + 0.5) / steps) * page.content.height,
      });
      if (
        p.x >= window.left &&
        p.x < window.left + window.width &&
        p.y >= window.top &&
        p.y < window.top + window.height
      )
        inside += 1;
    }
  }
  return inside / (steps * steps);
}

/** Several distortions at once: annotated, photographed, then cropped. */
async function combined(page: PageImage, random: Random): Promise<Variant> {
  const annotated = await (await overlaid(page, random)).png().toBuffer();
  const canvasWidth = 1500;
  const canvasHeight = 2000;
  const canvas: RawImage = {
    data: await surfacePixels(random, canvasWidth, canvasHeight),
    width: canvasWidth,
    height: canvasHeight,
    channels: 3,
  };
  const quad = photoQuad(
    random,
    canvasWidth,
    canvasHeight,
    page.width / page.height,
    random.float(0.8, 0.95),
  );
  warpOnto(await raw(sharp(annotated)), canvas, quad);
  // Keep a window over the page: the photo's framing cuts part of it.
  const fraction = random.float(0.5, 0.85);
  const windowWidth = Math.round(canvasWidth * Math.sqrt(fraction));
  const windowHeight = Math.round(canvasHeight * Math.sqrt(fraction));
  const left = random.int(0, canvasWidth - windowWidth);
  const top = random.int(0, canvasHeight - windowHeight);
  const cropped = await raw(
    fromRaw(canvas).extract({ left, top, width: windowWidth, height: windowHeight }),
  );
  const camera = await cameraLook(cropped, random, Math.min(windowWidth, 1200));
  const keptFraction = visibleShare(page, quad, {
    left,
    top,
    width: windowWidth,
    height: windowHeight,
  });
  return {
    bytes: camera.bytes,
    extension: 'jpg',
    keptFraction,
    params: { ...camera.params, window: Number(fraction.toFixed(2)) },
  };
}

export async function makeVariant(
  kind: VariantClass,
  pages: readonly PageImage[],
  random: Random,
  overrides: VariantOverrides = {},
): Promise<Variant> {
  const page = pages[0];
  if (!page) throw new Error('a variant needs a page');
  switch (kind) {
    case 'reencode':
      return reencode(page, random);
    case 'screenshot':
      return screenshot(page, random);
    case 'crop':
      return crop(page, random);
    case 'rotation':
      return rotation(page, random);
    case 'phone-photo':
      return phonePhoto(page, random, overrides);
    case 'monitor-photo':
      return monitorPhoto(page, random);
    case 'overlay':
      return overlay(page, random);
    case 'two-pages':
      return twoPages(pages, random);
    case 'combined':
      return combined(page, random);
  }
}
