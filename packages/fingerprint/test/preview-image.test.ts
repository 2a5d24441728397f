import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderPreview } from '../src/index.js';

/** A page of black "text" lines on white, with an EXIF orientation and a GPS-like comment. */
async function textPage(): Promise<Buffer> {
  const width = 1200;
  const height = 1600;
  const lines = Array.from(
    { length: 40 },
    (_, i) =>
      `<rect x="100" y="${100 + i * 35}" width="${400 + ((i * 97) % 600)}" height="14" fill="#000"/>`,
  ).join('');
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${lines}</svg>`,
    ),
  )
    .withMetadata({ orientation: 6, exif: { IFD0: { ImageDescription: 'GPS 11.94N 108.44E' } } })
    .jpeg()
    .toBuffer();
}

/** Contrast between neighbouring rows along a column crossing the text lines. */
async function lineContrast(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  // After orientation 6 the lines run vertically: scan along a row instead.
  const row = Math.floor(info.height / 2);
  let largest = 0;
  for (let x = 1; x < info.width; x += 1)
    largest = Math.max(
      largest,
      Math.abs((data[row * info.width + x] ?? 0) - (data[row * info.width + x - 1] ?? 0)),
    );
  return largest;
}

describe('image previews', () => {
  it('orient and shrink the picture and keep none of its metadata', async () => {
    const preview = await renderPreview(await textPage(), { maxSide: 800, blurred: false });
    // Orientation 6 turns the 1200×1600 page on its side.
    expect([preview.sourceWidth, preview.sourceHeight]).toEqual([1600, 1200]);
    expect([preview.width, preview.height]).toEqual([800, 600]);
    const metadata = await sharp(preview.jpeg).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 800, 600]);
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
  });

  it('smear text lines when blurred, and only then', async () => {
    const page = await textPage();
    const sharpLines = await lineContrast(
      (await renderPreview(page, { maxSide: 800, blurred: false })).jpeg,
    );
    const blurredLines = await lineContrast(
      (await renderPreview(page, { maxSide: 800, blurred: true })).jpeg,
    );
    expect(sharpLines).toBeGreaterThan(150);
    expect(blurredLines).toBeLessThan(sharpLines / 4);
  });

  it('refuse what matching refuses', async () => {
    await expect(
      renderPreview(Buffer.from('not an image'), { maxSide: 800, blurred: true }),
    ).rejects.toMatchObject({ code: 'LW_IMAGE_UNDECODABLE' });
  });
});
