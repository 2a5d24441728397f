import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { LeakWatchError } from '@leakwatch/errors';

export interface Upload {
  bytes: Buffer;
  fileName: string;
  fields: Record<string, string>;
}

/**
 * Reads the one file of a multipart request into memory, stopping at `maxBytes` (the stream is
 * cut there, so an oversized upload is never held whole), with the text fields beside it.
 */
export async function readSingleUpload(
  request: FastifyRequest,
  maxBytes: number,
  tooLarge: 'LW_DOCUMENT_TOO_LARGE' | 'LW_IMAGE_TOO_LARGE',
): Promise<Upload> {
  if (!request.isMultipart())
    throw new LeakWatchError('LW_UNSUPPORTED_MEDIA_TYPE', {
      params: {
        contentType: `${request.headers['content-type'] ?? 'none'} (send multipart/form-data with a "file" part)`,
      },
    });
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; fileName: string } | undefined;
  for await (const part of request.parts({
    limits: { fileSize: maxBytes, files: 1, fields: 30 },
  })) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    file = { bytes: await readPart(part, maxBytes, tooLarge), fileName: part.filename };
  }
  if (!file)
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: { problems: 'the request has no file part' },
    });
  return { ...file, fields };
}

async function readPart(
  part: MultipartFile,
  maxBytes: number,
  tooLarge: 'LW_DOCUMENT_TOO_LARGE' | 'LW_IMAGE_TOO_LARGE',
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  if (part.file.truncated)
    throw new LeakWatchError(tooLarge, {
      params: { reason: `the upload is larger than the limit of ${maxBytes} bytes` },
    });
  return Buffer.concat(chunks);
}
