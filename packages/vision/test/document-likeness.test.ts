import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { assessDocumentLikeness, type RgbPixels } from '../src/index.js';
import { syntheticPage } from './synthetic-page.js';

async function thumbnail(
  input: Buffer | { data: Uint8Array; width: number; height: number },
): Promise<RgbPixels> {
  const image = Buffer.isBuffer(input)
    ? sharp(input)
    : sharp(Buffer.from(input.data), {
        raw: { width: input.width, height: input.height, channels: 1 },
      });
  const { data, info } = await image
    .resize({ width: 480, height: 480, fit: 'inside' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe('document-likeness gate', () => {
  it('sends a page of text to OCR', async () => {
    const verdict = assessDocumentLikeness(await thumbnail(await syntheticPage(3)));
    expect(verdict.documentLike).toBe(true);
    expect(verdict.textCellShare).toBeGreaterThan(0.3);
    // Its text cells hold letters' strokes, not the edges of dark shapes.
    expect(verdict.strokeCells).toBeGreaterThan(verdict.textCells * 0.8);
  });

  it('keeps a colourful scene and a coloured text card away from OCR', async () => {
    const scene = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><rect width="100%" height="60%" fill="#6aa7e0"/><polygon points="0,500 300,250 650,520 900,300 1200,480 1200,900 0,900" fill="#3f7f3a"/><circle cx="950" cy="140" r="70" fill="#ffe9a8"/></svg>',
    );
    const card = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1080"><rect width="100%" height="100%" fill="#c2185b"/><text x="80" y="540" font-family="Liberation Sans" font-size="72" font-weight="bold" fill="#fff">Sống chậm lại, nghĩ khác đi</text></svg>',
    );
    expect(assessDocumentLikeness(await thumbnail(scene)).documentLike).toBe(false);
    expect(assessDocumentLikeness(await thumbnail(card)).documentLike).toBe(false);
  });

  it('keeps pale rings around coloured discs away from OCR: bright, colourless cells whose dark part is not strokes', async () => {
    const rings = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="100%" height="100%" fill="#846634"/>' +
        '<circle cx="610" cy="380" r="330" fill="#f3efe8"/><circle cx="610" cy="380" r="220" fill="#9c2222"/>' +
        '<circle cx="290" cy="320" r="220" fill="#f3efe8"/><circle cx="290" cy="320" r="150" fill="#a64412"/>' +
        '<circle cx="1390" cy="710" r="290" fill="#f3efe8"/><circle cx="1390" cy="710" r="200" fill="#9e3028"/></svg>',
    );
    const verdict = assessDocumentLikeness(await thumbnail(rings));
    expect(verdict.documentLike).toBe(false);
    expect(verdict.strokeCells).toBeLessThan(3);
  });

  it('still sends a page with a bold heading and thin table lines to OCR', async () => {
    const heading = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754"><rect width="100%" height="100%" fill="#fbfaf6"/>' +
        '<text x="620" y="200" text-anchor="middle" font-family="Liberation Serif" font-size="64" font-weight="bold">QUYẾT ĐỊNH</text>' +
        Array.from(
          { length: 24 },
          (_, row) =>
            `<line x1="100" x2="1140" y1="${400 + row * 50}" y2="${400 + row * 50}" stroke="#222" stroke-width="2"/>` +
            `<text x="120" y="${436 + row * 50}" font-family="Liberation Sans" font-size="28">${row + 1}. Nguyễn Văn An, 0912 345 678, Phường ${row + 2}</text>`,
        ).join('') +
        '</svg>',
    );
    expect(assessDocumentLikeness(await thumbnail(heading)).documentLike).toBe(true);
  });
});
