import { readFile, stat } from 'node:fs/promises';
import { LeakWatchError, isLeakWatchError } from '@leakwatch/errors';
import { defaultDecodeLimits } from '@leakwatch/fingerprint';

/** Reads a file named on the command line, with a coded error that says which and why. */
export interface SizeLimit {
  maxBytes: number;
  /** The code a larger file is refused with (the same one the decoder would use). */
  code: 'LW_IMAGE_TOO_LARGE' | 'LW_DOCUMENT_TOO_LARGE';
}

/** Images given to `hash`, `ocr` and `match`: the decoder's own input limit. */
export const imageFileLimit: SizeLimit = {
  maxBytes: defaultDecodeLimits.maxInputBytes,
  code: 'LW_IMAGE_TOO_LARGE',
};

export async function readInputFile(file: string, limit: SizeLimit): Promise<Buffer> {
  try {
    // Checked before reading, so a mistaken 20 GB argument is refused, not loaded.
    const { size } = await stat(file);
    if (size > limit.maxBytes)
      throw new LeakWatchError(limit.code, {
        params: { reason: `${size} bytes, more than the limit of ${limit.maxBytes}` },
      });
    return await readFile(file);
  } catch (error) {
    if (isLeakWatchError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new LeakWatchError('LW_NOT_FOUND', { params: { what: `File ${file}` }, cause: error });
    }
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: { problems: `cannot read ${file} (${code ?? String(error)})` },
      cause: error,
    });
  }
}

/** The `{ code, message }` of a per-file error line: stable codes, no stack traces. */
export function toCodedError(error: unknown): { code: string; message: string } {
  if (isLeakWatchError(error)) return { code: error.code, message: error.message };
  return { code: 'LW_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
