import type { PageText } from '@leakwatch/text';

/** 8-bit RGB pixels, row-major. */
export interface PagePixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** One page of a registered document, rendered for fingerprinting. */
export interface ExtractedPage {
  /** 1-based. */
  number: number;
  pixels: PagePixels;
  /** The PDF's own text, positioned in `pixels` coordinates; absent for scans and images. */
  textLayer?: PageText;
}

export interface ExtractionLimits {
  maxBytes: number;
  maxPages: number;
  /** Longest side a page is rendered or decoded at (150 dpi A4 is 1754). */
  maxPageSide: number;
  /** Office files: most uncompressed bytes the archive may expand to (zip bombs). */
  maxUnpackedBytes: number;
  /** Seconds LibreOffice may take to convert one file. */
  conversionTimeoutSeconds: number;
}

export const defaultExtractionLimits: ExtractionLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 500,
  maxPageSide: 2000,
  maxUnpackedBytes: 200 * 1024 * 1024,
  conversionTimeoutSeconds: 120,
};
