import type { GreyImage, OpenCv } from '@leakwatch/vision';
import type { OcrEngine } from './ocr-engine.js';
import { readDocument, type DocumentReading } from './read-document.js';

/** Finds, straightens and reads the page in a grey image (`readDocument`), wherever that runs. */
export interface DocumentReader {
  read(image: GreyImage): Promise<DocumentReading>;
  close(): Promise<void>;
}

/**
 * Reads on the calling thread: page geometry (OpenCV) blocks it while it runs, OCR waits on the
 * engine's own threads. For one-off readings (registration, the CLI); a busy process uses
 * `ThreadedDocumentReader`.
 */
export function inlineDocumentReader(engine: OcrEngine, cv: OpenCv): DocumentReader {
  return {
    read: (image) => readDocument(engine, cv, image),
    close: () => engine.close(),
  };
}
