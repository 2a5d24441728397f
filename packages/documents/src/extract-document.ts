import { LeakWatchError } from '@leakwatch/errors';
import { detectDocumentFormat, type DocumentFormat } from './document-format.js';
import {
  defaultExtractionLimits,
  type ExtractedPage,
  type ExtractionLimits,
} from './extracted-page.js';
import { imagePages } from './image-pages.js';
import { convertOfficeToPdf, inspectOfficeArchive } from './office-document.js';
import { pdfPages } from './pdf-pages.js';

export interface ExtractOptions {
  limits?: Partial<ExtractionLimits>;
  /** The PATH to look for LibreOffice on. */
  searchPath: string;
}

export interface ExtractedDocument {
  format: DocumentFormat;
  /** MIME type of what was registered (the original file, not a conversion). */
  mimeType: string;
  pages: AsyncGenerator<ExtractedPage>;
}

const mimeTypes: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
  'office-zip': 'application/zip',
};

/**
 * Opens a file to register: PDF (rendered with its text layer), images (PNG, JPEG, WebP,
 * multi-page TIFF) or office documents (DOCX, ODT… converted to PDF by LibreOffice). Pages are
 * produced one at a time, so a long document never sits in memory all at once.
 */
export async function extractDocument(
  bytes: Uint8Array,
  options: ExtractOptions,
): Promise<ExtractedDocument> {
  const limits = { ...defaultExtractionLimits, ...options.limits };
  if (bytes.length === 0)
    throw new LeakWatchError('LW_DOCUMENT_UNREADABLE', { params: { reason: 'the file is empty' } });
  if (bytes.length > limits.maxBytes) {
    throw new LeakWatchError('LW_DOCUMENT_TOO_LARGE', {
      params: { reason: `${bytes.length} bytes, more than the limit of ${limits.maxBytes}` },
    });
  }
  const format = detectDocumentFormat(bytes);
  switch (format) {
    case 'pdf':
      return { format, mimeType: mimeTypes.pdf, pages: pdfPages(bytes, limits) };
    case 'png':
    case 'jpeg':
    case 'tiff':
    case 'webp':
      return { format, mimeType: mimeTypes[format], pages: imagePages(bytes, limits) };
    case 'office-zip': {
      const kind = await inspectOfficeArchive(bytes, limits);
      const pdf = await convertOfficeToPdf(bytes, kind, limits, options.searchPath);
      return { format, mimeType: officeMimeTypes[kind], pages: pdfPages(pdf, limits) };
    }
    case undefined:
      throw new LeakWatchError('LW_DOCUMENT_UNSUPPORTED', {
        params: { reason: 'not a PDF, an image (PNG, JPEG, TIFF, WebP) or an office document' },
      });
  }
}

const officeMimeTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
} as const;
