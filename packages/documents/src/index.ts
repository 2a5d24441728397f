export { detectDocumentFormat, type DocumentFormat } from './document-format.js';
export {
  extractDocument,
  type ExtractedDocument,
  type ExtractOptions,
} from './extract-document.js';
export {
  defaultExtractionLimits,
  type ExtractedPage,
  type ExtractionLimits,
  type PagePixels,
} from './extracted-page.js';
export { libreOfficeHint, type OfficeKind } from './office-document.js';
export { renderDpi } from './pdf-pages.js';
