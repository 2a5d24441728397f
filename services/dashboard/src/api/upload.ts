import { ApiError, NetworkError, toProblem } from './problem.js';

export interface UploadOptions {
  /** Text fields sent before the file (the API reads them beside its one "file" part). */
  fields?: Record<string, string>;
  /** The name the API sees; a pasted image has none of its own. */
  fileName?: string;
  csrfToken: string | null;
  /** Bytes sent so far; fetch cannot report this, XMLHttpRequest can. */
  onProgress?: (loaded: number, total: number) => void;
  /** Every byte is sent: what remains is the API's work. */
  onSent?: () => void;
  signal?: AbortSignal;
}

/**
 * POSTs one file as multipart/form-data on the same origin, reporting upload progress.
 * Answers and failures take the same shapes as apiRequest: the JSON body, ApiError with the
 * problem details, NetworkError when no answer came, and an AbortError when cancelled.
 */
export function uploadFile<T>(path: string, file: Blob, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    if (options.fileName === undefined) form.append('file', file);
    else form.append('file', file, options.fileName);

    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.responseType = 'text';
    request.setRequestHeader('accept', 'application/json');
    if (options.csrfToken) request.setRequestHeader('x-csrf-token', options.csrfToken);

    const abort = () => {
      request.abort();
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    const settle = () => {
      options.signal?.removeEventListener('abort', abort);
    };

    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    });
    request.upload.addEventListener('load', () => {
      options.onSent?.();
    });
    request.addEventListener('load', () => {
      settle();
      let body: unknown = undefined;
      if (request.responseText.length > 0) {
        try {
          body = JSON.parse(request.responseText) as unknown;
        } catch {
          body = undefined;
        }
      }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(new ApiError(toProblem(request.status, body)));
    });
    request.addEventListener('error', () => {
      settle();
      reject(new NetworkError(new Error(`upload to ${path} failed`)));
    });
    request.addEventListener('abort', () => {
      settle();
      reject(new DOMException('The upload was cancelled', 'AbortError'));
    });
    request.send(form);
  });
}
