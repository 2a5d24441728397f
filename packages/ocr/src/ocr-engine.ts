import { performance } from 'node:perf_hooks';
import { createWorker, OEM, PSM, type Page, type Worker } from 'tesseract.js';
import { LeakWatchError } from '@leakwatch/errors';
import type { Box, PageText, TextLine } from '@leakwatch/text';
import { locateModel, type OcrModel } from './language-data.js';

/** 8-bit grey pixels, row-major. */
export interface GreyPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface OcrResult {
  page: PageText;
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
  seconds: number;
}

export interface OcrEngineOptions {
  model: OcrModel;
  /** Parallel tesseract workers; each holds ~80 MB. Default: the number of cores. */
  workers: number;
  /** A page taking longer is abandoned (its worker is replaced). */
  timeoutMs: number;
}

interface Job {
  image: Buffer;
  resolve: (result: OcrResult) => void;
  reject: (error: Error) => void;
}

/**
 * Uncompressed PGM: tesseract's image reader (leptonica) takes it as is, with no PNG
 * encode/decode round trip on a path that runs for every document-like image.
 */
export function encodePgm(image: GreyPixels): Buffer {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'ascii');
  return Buffer.concat([
    header,
    Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
  ]);
}

function toPageText(page: Page): PageText {
  const lines: TextLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        lines.push({
          text: line.text.replace(/\s+$/, ''),
          box: line.bbox,
          words: line.words.map((word) => ({
            text: word.text,
            box: word.bbox,
            confidence: word.confidence,
          })),
        });
      }
    }
  }
  return { lines };
}

/** Bands shorter than this would cut too few lines to be worth a worker. */
const minimumBandHeight = 700;

const shiftBox = (box: Box, dy: number): Box => ({ ...box, y0: box.y0 + dy, y1: box.y1 + dy });

/**
 * A pool of tesseract.js workers (WebAssembly) reading Vietnamese, reused across images, with a
 * per-image timeout. Language data comes from a local folder only; no cache is written.
 */
export class OcrEngine {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  private constructor(
    private readonly options: OcrEngineOptions,
    workers: Worker[],
  ) {
    this.idle.push(...workers);
  }

  static async start(options: OcrEngineOptions): Promise<OcrEngine> {
    const workers = await Promise.all(
      Array.from({ length: Math.max(1, options.workers) }, () =>
        OcrEngine.newWorker(options.model),
      ),
    );
    return new OcrEngine(options, workers);
  }

  private static async newWorker(model: OcrModel): Promise<Worker> {
    const location = locateModel(model);
    const worker = await createWorker('vie', OEM.LSTM_ONLY, {
      langPath: location.langPath,
      gzip: location.gzip,
      cacheMethod: 'none',
    });
    // Automatic segmentation handles the two-column Decree 30 header; the DPI hint matches
    // the 150 dpi pages we rectify to.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, user_defined_dpi: '150' });
    return worker;
  }

  /**
   * Reads a page. With more than one worker a tall page is cut into horizontal bands read in
   * parallel (one WebAssembly worker uses one core): about 0.6× the time on two cores. Bands
   * overlap by more than a text line, and each line is kept from the band that owns its middle.
   */
  async read(image: GreyPixels): Promise<OcrResult> {
    const bandCount = Math.min(
      Math.max(1, this.options.workers),
      Math.floor(image.height / minimumBandHeight),
    );
    if (bandCount < 2) return this.recognize(image);
    const started = performance.now();
    const overlap = Math.max(60, Math.round(image.height * 0.03));
    const cuts = Array.from({ length: bandCount + 1 }, (_, i) =>
      Math.round((image.height * i) / bandCount),
    );
    const readings = await Promise.all(
      cuts.slice(0, -1).map(async (ownTop, i) => {
        const ownBottom = cuts[i + 1] as number;
        const top = Math.max(0, ownTop - overlap);
        const bottom = Math.min(image.height, ownBottom + overlap);
        const band: GreyPixels = {
          width: image.width,
          height: bottom - top,
          data: image.data.subarray(top * image.width, bottom * image.width),
        };
        return { top, ownTop, ownBottom, result: await this.recognize(band) };
      }),
    );
    const lines: TextLine[] = [];
    for (const { top, ownTop, ownBottom, result } of readings) {
      for (const line of result.page.lines) {
        const box = line.box ?? line.words[0]?.box;
        const middle = box ? top + (box.y0 + box.y1) / 2 : ownTop;
        if (middle < ownTop || middle >= ownBottom) continue;
        lines.push({
          ...line,
          ...(line.box ? { box: shiftBox(line.box, top) } : {}),
          words: line.words.map((word) =>
            word.box ? { ...word, box: shiftBox(word.box, top) } : word,
          ),
        });
      }
    }
    const confidences = lines.flatMap((line) =>
      line.words.flatMap((word) => (word.confidence === undefined ? [] : [word.confidence])),
    );
    return {
      page: { lines },
      text: lines.map((line) => line.text).join('\n'),
      confidence:
        confidences.length === 0 ? 0 : confidences.reduce((a, b) => a + b, 0) / confidences.length,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Reads an image in one piece, on the next free worker. */
  recognize(image: GreyPixels): Promise<OcrResult> {
    if (this.closed)
      return Promise.reject(
        new LeakWatchError('LW_OCR_FAILED', { params: { reason: 'the OCR engine is closed' } }),
      );
    return new Promise<OcrResult>((resolve, reject) => {
      this.queue.push({ image: encodePgm(image), resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as Job;
      void this.run(worker, job);
    }
  }

  private async run(worker: Worker, job: Job): Promise<void> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, this.options.timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        worker.recognize(job.image, {}, { text: true, blocks: true }),
        timedOut,
      ]);
      if (outcome === 'timeout') {
        // A stuck recognition cannot be cancelled: retire the worker and start a fresh one.
        void worker.terminate().catch(() => undefined);
        job.reject(
          new LeakWatchError('LW_OCR_TIMEOUT', {
            params: { seconds: this.options.timeoutMs / 1000 },
          }),
        );
        if (!this.closed) this.idle.push(await OcrEngine.newWorker(this.options.model));
      } else {
        job.resolve({
          page: toPageText(outcome.data),
          text: outcome.data.text,
          confidence: outcome.data.confidence,
          seconds: (performance.now() - started) / 1000,
        });
        this.idle.push(worker);
      }
    } catch (error) {
      job.reject(
        new LeakWatchError('LW_OCR_FAILED', {
          params: { reason: error instanceof Error ? error.message : String(error) },
          cause: error,
        }),
      );
      this.idle.push(worker);
    } finally {
      clearTimeout(timer);
      if (this.closed) await this.close();
      else this.drain();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.idle.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate().catch(() => undefined)));
  }
}
