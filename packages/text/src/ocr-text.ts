/** Where a piece of text sits in the image (pixels). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TextWord {
  text: string;
  box?: Box;
  confidence?: number;
}

export interface TextLine {
  text: string;
  words: TextWord[];
  box?: Box;
}

/** Text read from an image (OCR) or a PDF text layer, line by line, words with positions. */
export interface PageText {
  lines: TextLine[];
}

/** Builds line/word structure from plain text (no positions), e.g. a PDF text layer. */
export function pageTextFromPlain(text: string): PageText {
  return {
    lines: text
      .split(/\r?\n/)
      .filter((line) => line.trim().length > 0)
      .map((line) => ({
        text: line,
        words: line
          .split(/\s+/)
          .filter(Boolean)
          .map((word) => ({ text: word })),
      })),
  };
}

export function plainText(page: PageText): string {
  return page.lines.map((line) => line.text).join('\n');
}

/**
 * A page's text as segments: each line cut wherever the gap between two words is much wider
 * than a space — table cells and the two columns of the header become separate segments.
 * OCR reads a table row across its cells, a text layer may list cells in another order;
 * segments (and features built within them) are the same either way.
 */
export function pageSegments(page: PageText): string[] {
  const segments: string[] = [];
  for (const line of page.lines) {
    const boxed = line.words.filter((w) => w.box !== undefined && w.text.trim().length > 0);
    if (boxed.length !== line.words.length || boxed.length < 2) {
      if (line.text.trim().length > 0) segments.push(line.text.trim());
      continue;
    }
    const heights = boxed.map((w) => (w.box as Box).y1 - (w.box as Box).y0).sort((a, b) => a - b);
    const lineHeight = heights[Math.floor(heights.length / 2)] ?? 0;
    let current: string[] = [];
    for (let i = 0; i < boxed.length; i += 1) {
      const word = boxed[i] as TextWord;
      const previous = boxed[i - 1];
      if (previous && (word.box as Box).x0 - (previous.box as Box).x1 > lineHeight * 1.1) {
        segments.push(current.join(' '));
        current = [];
      }
      current.push(word.text);
    }
    if (current.length > 0) segments.push(current.join(' '));
  }
  return segments;
}
