import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  makeVariant,
  Random,
  variantClasses,
} from '../src/index.js';
import { loadPageImage } from '../src/variants/leak-variants.js';

describe('rendering and leak variants (Chromium, sharp)', () => {
  it('renders an A4 document to PDF and 150-dpi pages, and every variant class deterministically', async () => {
    const renderer = await CorpusRenderer.open(undefined);
    try {
      const random = new Random('render-test');
      const spec = healthDocument(random, 'close-contact-list', 'r1');
      const rendered = await renderer.renderDocument(documentHtml(spec, random.fork('html')));
      expect(rendered.pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(rendered.pages.length).toBeGreaterThanOrEqual(1);
      for (const png of rendered.pages) {
        const meta = await sharp(png).metadata();
        expect([meta.width, meta.height]).toEqual([1241, 1754]);
      }
      const pages = await Promise.all(rendered.pages.slice(0, 2).map((png) => loadPageImage(png)));
      const twoPages = pages.length === 2 ? pages : [pages[0]!, pages[0]!];
      for (const kind of variantClasses) {
        const first = await makeVariant(kind, twoPages, new Random(`variant-${kind}`));
        const again = await makeVariant(kind, twoPages, new Random(`variant-${kind}`));
        expect(first.bytes.equals(again.bytes), kind).toBe(true);
        const meta = await sharp(first.bytes).metadata();
        expect(meta.width, kind).toBeGreaterThan(300);
        expect(first.keptFraction, kind).toBeGreaterThan(0);
      }
    } finally {
      await renderer.close();
    }
  });
});
