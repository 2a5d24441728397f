import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { launchChromium } from '@leakwatch/browser';
import { paginationScript } from './document-html.js';

/** 150 dpi: an A4 page (210 mm = 793.7 CSS px) becomes 1241 px wide. */
export const pageScale = 150 / 96;
/** Every page image has exactly this size (sheets start at fractional pixel offsets). */
export const pageSize = { width: 1241, height: 1754 };

async function exactPageSize(png: Buffer): Promise<Buffer> {
  const { width, height } = await sharp(png).metadata();
  if (width === pageSize.width && height === pageSize.height) return png;
  // Two passes: sharp applies extend after extract within one pipeline.
  const padded = await sharp(png)
    .extend({
      right: Math.max(0, pageSize.width - width),
      bottom: Math.max(0, pageSize.height - height),
      background: '#ffffff',
    })
    .png()
    .toBuffer();
  return sharp(padded)
    .extract({ left: 0, top: 0, ...pageSize })
    .png()
    .toBuffer();
}

export interface RenderedDocument {
  pdf: Buffer;
  /** One PNG per page, 1241×1754 px (A4 at 150 dpi). */
  pages: Buffer[];
  /** Each page's text as logical units (paragraphs, header lines, table cells): OCR ground truth. */
  texts: string[][];
}

/**
 * Runs in the page: the text of each sheet as it appears, one entry per visual line of each
 * paragraph, header line or table cell — the units whose internal order OCR must get right
 * (order between them is free). Words are placed by their layout boxes; seal text is skipped.
 */
const pageTextsScript = `[...document.querySelectorAll('section.page .body')].map((body) => {
  const units = [];
  const split = ['trow', 'header', 'closing', 'addressee'];
  const containers = [...body.children].flatMap((block) => split.some((c) => block.classList.contains(c)) ? [...block.children] : [block]);
  for (const container of containers) {
    const words = [];
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement && node.parentElement.closest('svg')) continue;
      const pattern = /\\S+/g;
      for (let match = pattern.exec(node.textContent); match; match = pattern.exec(node.textContent)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rect = range.getBoundingClientRect();
        if (rect.width > 0) words.push({ text: match[0], top: rect.top, left: rect.left, height: rect.height });
      }
    }
    words.sort((a, b) => a.top - b.top || a.left - b.left);
    let line = [];
    const flush = () => {
      if (line.length > 0) units.push(line.sort((a, b) => a.left - b.left).map((w) => w.text).join(' '));
      line = [];
    };
    for (const word of words) {
      if (line.length > 0 && Math.abs(word.top - line[0].top) > line[0].height * 0.5) flush();
      line.push(word);
    }
    flush();
  }
  return units;
})`;

/**
 * One headless Chromium reused for every render (start-up costs ~1 s; a page ~0.3 s).
 * Documents are laid out with print media so the PDF and the page images agree.
 */
export class CorpusRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly documentPage: Page,
    private readonly cardContext: BrowserContext,
  ) {}

  static async open(chromiumPath: string | undefined): Promise<CorpusRenderer> {
    const browser = await launchChromium(chromiumPath);
    const documentContext = await browser.newContext({
      viewport: { width: 794, height: 1123 },
      deviceScaleFactor: pageScale,
    });
    const documentPage = await documentContext.newPage();
    await documentPage.emulateMedia({ media: 'print' });
    const cardContext = await browser.newContext({ deviceScaleFactor: 1 });
    return new CorpusRenderer(browser, documentPage, cardContext);
  }

  async renderDocument(html: string): Promise<RenderedDocument> {
    const page = this.documentPage;
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    const count = await page.evaluate<number>(paginationScript);
    const texts = await page.evaluate<string[][]>(pageTextsScript);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages: Buffer[] = [];
    for (let i = 0; i < count; i += 1) {
      const shot = await page
        .locator('section.page')
        .nth(i)
        .screenshot({ type: 'png', animations: 'disabled' });
      pages.push(await exactPageSize(shot));
    }
    return { pdf, pages, texts };
  }

  /** A social-media style image (card, meme, screenshot) drawn with HTML at its pixel size. */
  async renderCard(html: string, width: number, height: number): Promise<Buffer> {
    const page = await this.cardContext.newPage();
    try {
      await page.setViewportSize({ width, height });
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate('document.fonts.ready.then(() => true)');
      return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
