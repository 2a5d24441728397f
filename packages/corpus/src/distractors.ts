import sharp from 'sharp';
import { otherAgencyDocument } from './content/health-documents.js';
import type { Random } from './random.js';
import { documentHtml } from './render/document-html.js';
import type { CorpusRenderer } from './render/renderer.js';
import { memeHtml, newsScreenshotHtml, textCardHtml } from './render/social-html.js';
import { loadPageImage, makeVariant } from './variants/leak-variants.js';
import { sceneJpeg, scenePixels } from './variants/scenes.js';

export const distractorKinds = [
  'other-agency-letter',
  'text-card',
  'meme',
  'news-screenshot',
  'photo',
] as const;
export type DistractorKind = (typeof distractorKinds)[number];

/** The share of each kind among distractors: mostly ordinary pictures, a fifth official letters. */
const mix: readonly [DistractorKind, number][] = [
  ['other-agency-letter', 0.2],
  ['text-card', 0.2],
  ['meme', 0.15],
  ['news-screenshot', 0.15],
  ['photo', 0.3],
];

export function distractorKindAt(index: number, total: number): DistractorKind {
  let cumulative = 0;
  const position = (index + 0.5) / total;
  for (const [kind, share] of mix) {
    cumulative += share;
    if (position < cumulative) return kind;
  }
  return 'photo';
}

async function sceneDataUrl(random: Random, width: number, height: number): Promise<string> {
  return `data:image/jpeg;base64,${(await sceneJpeg(random, width, height)).toString('base64')}`;
}

export interface Distractor {
  bytes: Buffer;
  extension: 'jpg' | 'png' | 'webp';
  params: Record<string, string | number | boolean>;
}

/** One ordinary feed image of the given kind. */
export async function makeDistractor(
  kind: DistractorKind,
  random: Random,
  renderer: CorpusRenderer,
  id: string,
): Promise<Distractor> {
  switch (kind) {
    case 'other-agency-letter': {
      const spec = otherAgencyDocument(random, id);
      const rendered = await renderer.renderDocument(documentHtml(spec, random.fork('html')));
      const page = await loadPageImage(rendered.pages[0] as Buffer);
      const variant = random.pick(['reencode', 'phone-photo', 'screenshot', 'crop'] as const);
      const made = await makeVariant(variant, [page], random.fork('variant'));
      return {
        bytes: made.bytes,
        extension: made.extension,
        params: { agency: spec.agency.name, variant },
      };
    }
    case 'text-card': {
      const size = random.pick([1080, 960, 1200]);
      const png = await renderer.renderCard(textCardHtml(random, size), size, size);
      return {
        bytes: await sharp(png)
          .jpeg({ quality: random.int(75, 92) })
          .toBuffer(),
        extension: 'jpg',
        params: { size },
      };
    }
    case 'meme': {
      const [width, height] = random.pick([
        [1080, 1080],
        [960, 720],
        [1200, 900],
      ] as const);
      const png = await renderer.renderCard(
        memeHtml(random, await sceneDataUrl(random, width, height), width, height),
        width,
        height,
      );
      return {
        bytes: await sharp(png)
          .jpeg({ quality: random.int(60, 85) })
          .toBuffer(),
        extension: 'jpg',
        params: { width, height },
      };
    }
    case 'news-screenshot': {
      const png = await renderer.renderCard(
        newsScreenshotHtml(random, await sceneDataUrl(random, 1080, 720)),
        1080,
        2160,
      );
      const asPng = random.chance(0.5);
      return {
        bytes: asPng
          ? png
          : await sharp(png)
              .jpeg({ quality: random.int(75, 90) })
              .toBuffer(),
        extension: asPng ? 'png' : 'jpg',
        params: {},
      };
    }
    case 'photo': {
      const [width, height] = random.pick([
        [1600, 1200],
        [1200, 1600],
        [2048, 1536],
        [1080, 1080],
        [1920, 1080],
      ] as const);
      const raw = await scenePixels(random, width, height);
      return {
        bytes: await sharp(raw, { raw: { width, height, channels: 3 } })
          .jpeg({ quality: random.int(70, 92) })
          .toBuffer(),
        extension: 'jpg',
        params: { width, height },
      };
    }
  }
}
