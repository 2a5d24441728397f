import { Worker } from 'node:worker_threads';
import { errorCodes, LeakWatchError, type ErrorCode } from '@leakwatch/errors';
import type { GreyImage } from '@leakwatch/vision';
import type { DocumentReader } from './document-reader.js';
import type { OcrEngineOptions } from './ocr-engine.js';
import type { DocumentReading } from './read-document.js';
import { ownBuffer, type ReaderReply, type ReaderRequest } from './reader-protocol.js';

interface Pending {
  resolve: (reading: DocumentReading) => void;
  reject: (error: Error) => void;
}

const threadEntry = new URL('./reader-thread-entry.js', import.meta.url);
const knownCodes = new Set<string>(errorCodes);

const readerFailure = (reason: string, cause?: unknown) =>
  new LeakWatchError('LW_OCR_FAILED', { params: { reason }, cause });

/**
 * Reads documents on a thread of their own, with its own OpenCV and OCR engine. Finding and
 * straightening a page, judging its orientation and retrying sideways readings take a few
 * hundred milliseconds of OpenCV per image; on the main thread that stopped every other job of a
 * worker process meanwhile (measured in bench:e2e: a tenth of a worker's main thread on a feed
 * of photos). A thread that dies fails the readings it held and is started again for the next.
 */
export class ThreadedDocumentReader implements DocumentReader {
  private thread: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly options: OcrEngineOptions) {}

  /** Starts the thread and waits until its OpenCV and OCR engine are loaded. */
  static async start(options: OcrEngineOptions): Promise<ThreadedDocumentReader> {
    const reader = new ThreadedDocumentReader(options);
    await reader.ensureThread();
    return reader;
  }

  /** Reads a page. The image's pixels move to the reading thread: do not use `image` after. */
  async read(image: GreyImage): Promise<DocumentReading> {
    if (this.closed) throw readerFailure('the document reader is closed');
    const thread = await this.ensureThread();
    const id = this.nextId++;
    const pixels = ownBuffer(image.data);
    return new Promise<DocumentReading>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: ReaderRequest = {
        kind: 'read',
        id,
        width: image.width,
        height: image.height,
        pixels,
      };
      thread.postMessage(request, [pixels]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread ?? (await this.starting?.catch(() => undefined));
    if (!thread) return;
    this.thread = undefined;
    // The engine's own threads are ended by the reading thread; a stuck one is cut short.
    const closedByThread = new Promise<void>((resolve) => {
      thread.on('message', (reply: ReaderReply) => {
        if (reply.kind === 'closed') resolve();
      });
      thread.once('exit', () => {
        resolve();
      });
    });
    thread.postMessage({ kind: 'close' } satisfies ReaderRequest);
    await Promise.race([closedByThread, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await thread.terminate();
    this.failAll(readerFailure('the document reader is closed'));
  }

  private ensureThread(): Promise<Worker> {
    if (this.thread) return Promise.resolve(this.thread);
    this.starting ??= this.spawn().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private spawn(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      // No inherited loader flags: the entry registers the TypeScript loader itself.
      const thread = new Worker(threadEntry, { workerData: this.options, execArgv: [] });
      let ready = false;
      thread.on('message', (reply: ReaderReply) => {
        switch (reply.kind) {
          case 'ready':
            ready = true;
            this.thread = thread;
            resolve(thread);
            return;
          case 'start-failed':
            reject(readerFailure(`the reading thread did not start: ${reply.message}`));
            void thread.terminate();
            return;
          case 'read': {
            const { image, ...rest } = reply.reading;
            this.settle(reply.id)?.resolve({
              ...rest,
              image: {
                width: image.width,
                height: image.height,
                data: new Uint8Array(image.pixels),
              },
            });
            return;
          }
          case 'failed': {
            const code =
              reply.code && knownCodes.has(reply.code) ? (reply.code as ErrorCode) : null;
            this.settle(reply.id)?.reject(
              code
                ? new LeakWatchError(code, { message: reply.message })
                : readerFailure(reply.message),
            );
            return;
          }
          case 'closed':
            return;
        }
      });
      thread.once('error', (error) => {
        if (!ready) reject(readerFailure('the reading thread did not start', error));
        this.lost(thread, readerFailure(`the reading thread failed: ${error.message}`, error));
      });
      thread.once('exit', (exitCode) => {
        if (!ready) reject(readerFailure(`the reading thread exited with ${exitCode}`));
        this.lost(thread, readerFailure(`the reading thread exited with ${exitCode}`));
      });
    });
  }

  private settle(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    return entry;
  }

  /** A thread that died takes its readings with it; the next read starts a new one. */
  private lost(thread: Worker, error: Error): void {
    if (this.thread !== thread) return;
    this.thread = undefined;
    this.failAll(error);
  }

  private failAll(error: Error): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(error);
    }
  }
}
