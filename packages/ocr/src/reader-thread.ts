// The reading thread of `ThreadedDocumentReader`: its own OpenCV and OCR engine, so that page
// geometry and OCR never hold up the process's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { isLeakWatchError } from '@leakwatch/errors';
import { loadOpenCv } from '@leakwatch/vision';
import { OcrEngine, type OcrEngineOptions } from './ocr-engine.js';
import { readDocument } from './read-document.js';
import { ownBuffer, type ReaderReply, type ReaderRequest } from './reader-protocol.js';

const port = parentPort;
if (!port) throw new Error('reader-thread.ts runs as a worker thread only');
const reply = (message: ReaderReply, transfer: ArrayBuffer[] = []) => {
  port.postMessage(message, transfer);
};

try {
  const [cv, engine] = await Promise.all([
    loadOpenCv(),
    OcrEngine.start(workerData as OcrEngineOptions),
  ]);
  port.on('message', (request: ReaderRequest) => {
    if (request.kind === 'close') {
      void engine.close().finally(() => {
        reply({ kind: 'closed' });
      });
      return;
    }
    const image = {
      width: request.width,
      height: request.height,
      data: new Uint8Array(request.pixels),
    };
    readDocument(engine, cv, image).then(
      ({ image: page, ...rest }) => {
        const pixels = ownBuffer(page.data);
        reply(
          {
            kind: 'read',
            id: request.id,
            reading: { ...rest, image: { width: page.width, height: page.height, pixels } },
          },
          [pixels],
        );
      },
      (error: unknown) => {
        reply({
          kind: 'failed',
          id: request.id,
          code: isLeakWatchError(error) ? error.code : undefined,
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
  });
  reply({ kind: 'ready' });
} catch (error) {
  reply({ kind: 'start-failed', message: error instanceof Error ? error.message : String(error) });
}
