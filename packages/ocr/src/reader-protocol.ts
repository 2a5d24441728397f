import type { DocumentReading } from './read-document.js';

/** Messages between `ThreadedDocumentReader` and its thread (structured clone, pixels moved). */
export type ReaderRequest =
  | { kind: 'read'; id: number; width: number; height: number; pixels: ArrayBuffer }
  | { kind: 'close' };

export interface TransferredReading extends Omit<DocumentReading, 'image'> {
  image: { width: number; height: number; pixels: ArrayBuffer };
}

export type ReaderReply =
  | { kind: 'ready' }
  | { kind: 'start-failed'; message: string }
  | { kind: 'read'; id: number; reading: TransferredReading }
  | { kind: 'failed'; id: number; code: string | undefined; message: string }
  | { kind: 'closed' };

/** A standalone copy of the pixels, so its buffer can be moved to the other thread. */
export function ownBuffer(data: Uint8Array): ArrayBuffer {
  if (
    data.byteOffset === 0 &&
    data.byteLength === data.buffer.byteLength &&
    data.buffer instanceof ArrayBuffer
  )
    return data.buffer;
  return data.slice().buffer;
}
