export { inlineDocumentReader, type DocumentReader } from './document-reader.js';
export { locateModel, ocrModels, type ModelLocation, type OcrModel } from './language-data.js';
export {
  encodePgm,
  OcrEngine,
  type GreyPixels,
  type OcrEngineOptions,
  type OcrResult,
} from './ocr-engine.js';
export { readDocument, type DocumentReading } from './read-document.js';
export { ThreadedDocumentReader } from './threaded-reader.js';
