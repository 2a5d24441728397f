import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '@leakwatch/errors';
import { ApiError, toProblem } from '../src/api/problem.js';
import {
  documentFileProblem,
  documentListQuery,
  emptyQueue,
  filesToStart,
  fileProblemMessage,
  filterFromParams,
  formatFileSize,
  imageFileProblem,
  matchReasons,
  maxDocumentBytes,
  maxImageBytes,
  paramsFromFilter,
  pickPastedFile,
  registrationFields,
  summarizeQueue,
  titleFromFileName,
  uploadErrorMessage,
  uploadPercent,
  uploadQueueReducer,
  type FileLike,
  type UploadAction,
  type UploadQueue,
} from '../src/lib/document-uploads.js';
import { translatorFor } from './support/locales.js';

const file = (name: string, size: number, type = ''): FileLike => ({ name, size, type });
const pdf = file('Danh sách F1 phường 3 — Đà Lạt.pdf', 180_000, 'application/pdf');
const png = file('QĐ cách ly 311.png', 90_000, 'image/png');
const text = file('ghi chú.txt', 120, 'text/plain');
const defaults = { classification: 'mat' as const, ownerDepartment: 'Phòng Nghiệp vụ Y' };

const run = (actions: UploadAction[], start: UploadQueue = emptyQueue()) =>
  actions.reduce(uploadQueueReducer, start);
const statusOf = (queue: UploadQueue, id: number) =>
  queue.entries.find((entry) => entry.id === id)?.status.kind;

describe('files offered for registration', () => {
  it('accepts what the API reads, told by name or by type', () => {
    expect(documentFileProblem(pdf)).toBeNull();
    expect(documentFileProblem(file('BÁO CÁO.DOCX', 10))).toBeNull();
    expect(documentFileProblem(file('scan', 10, 'image/tiff'))).toBeNull();
    expect(documentFileProblem(file('bảng.ods', 10))).toBeNull();
  });

  it('refuses empty, unknown and oversized files with the reason', () => {
    expect(documentFileProblem(file('trống.pdf', 0))).toEqual({ kind: 'empty' });
    expect(documentFileProblem(text)).toEqual({ kind: 'unsupportedDocument' });
    expect(documentFileProblem(file('cũ.doc', 10, 'application/msword'))).toEqual({
      kind: 'unsupportedDocument',
    });
    expect(documentFileProblem(file('lớn.pdf', maxDocumentBytes + 1))).toEqual({
      kind: 'tooLarge',
      maxBytes: maxDocumentBytes,
    });
    expect(documentFileProblem(file('vừa.pdf', maxDocumentBytes))).toBeNull();
  });
});

describe('images offered for checking', () => {
  it('accepts the photo formats the matcher decodes', () => {
    expect(imageFileProblem(file('image.png', 5, 'image/png'))).toBeNull();
    expect(imageFileProblem(file('zalo.jpg', 5))).toBeNull();
    expect(imageFileProblem(file('x', 5, 'image/avif'))).toBeNull();
  });

  it('tells a non-image, an unsupported image and an oversized one apart', () => {
    expect(imageFileProblem(pdf)).toEqual({ kind: 'notImage' });
    expect(imageFileProblem(file('logo.svg', 5, 'image/svg+xml'))).toEqual({
      kind: 'unsupportedImage',
    });
    expect(imageFileProblem(file('ảnh.jpg', maxImageBytes + 1, 'image/jpeg'))).toEqual({
      kind: 'tooLarge',
      maxBytes: maxImageBytes,
    });
    expect(imageFileProblem(file('ảnh.jpg', 0, 'image/jpeg'))).toEqual({ kind: 'empty' });
  });

  it('takes the image of a paste, or says the clipboard had none', () => {
    const shot = file('image.png', 5, 'image/png');
    expect(pickPastedFile([text, shot])).toEqual({ file: shot });
    expect(pickPastedFile([text])).toEqual({ file: text });
    expect(pickPastedFile([])).toEqual({ problem: { kind: 'clipboardEmpty' } });
  });
});

describe('the registration queue', () => {
  it('adds files with a title from the name and the chosen defaults; bad files wait for removal', () => {
    const queue = run([{ type: 'add', files: [pdf, text], defaults }]);
    expect(queue.entries.map((entry) => [entry.id, entry.status.kind])).toEqual([
      [1, 'ready'],
      [2, 'invalid'],
    ]);
    expect(queue.entries[0]?.metadata).toEqual({
      title: 'Danh sách F1 phường 3 — Đà Lạt',
      ...defaults,
    });
    // Ids keep growing: a removed file's id is never reused.
    const later = run(
      [
        { type: 'remove', id: 2 },
        { type: 'add', files: [png], defaults },
      ],
      queue,
    );
    expect(later.entries.map((entry) => entry.id)).toEqual([1, 3]);
    expect(run([{ type: 'submit' }], queue).entries[1]?.status.kind).toBe('invalid');
  });

  it('takes a file through upload and registration', () => {
    let queue = run([
      { type: 'add', files: [pdf], defaults },
      {
        type: 'edit',
        id: 1,
        metadata: { title: 'Danh sách F1 phường 3', classification: 'toi_mat' },
      },
      { type: 'submit' },
    ]);
    expect(statusOf(queue, 1)).toBe('waiting');
    expect(filesToStart(queue, 2)).toEqual([1]);
    queue = run(
      [
        { type: 'start', id: 1 },
        { type: 'progress', id: 1, loaded: 90_000, total: 180_000 },
      ],
      queue,
    );
    expect(queue.entries[0]?.status).toEqual({ kind: 'uploading', loaded: 90_000, total: 180_000 });
    expect(uploadPercent(queue.entries[0]!.status)).toBe(50);
    // Metadata is fixed once the file is on its way.
    expect(run([{ type: 'edit', id: 1, metadata: { title: 'khác' } }], queue)).toBe(queue);
    queue = run([{ type: 'sent', id: 1 }], queue);
    expect(statusOf(queue, 1)).toBe('registering');
    expect(uploadPercent(queue.entries[0]!.status)).toBe(100);
    queue = run(
      [
        {
          type: 'succeeded',
          id: 1,
          result: {
            documentId: 'd-1',
            title: 'Danh sách F1 phường 3',
            pages: 2,
            status: 'registered',
          },
        },
      ],
      queue,
    );
    expect(queue.entries[0]?.status).toEqual({
      kind: 'registered',
      documentId: 'd-1',
      title: 'Danh sách F1 phường 3',
      pages: 2,
      repeated: false,
    });
    expect(queue.entries[0]?.metadata.classification).toBe('toi_mat');
    expect(run([{ type: 'clearRegistered' }], queue).entries).toEqual([]);
  });

  it('keeps a failed file with its error, editable, until it is retried or removed', () => {
    const refusal = new ApiError(toProblem(422, { code: 'LW_DOCUMENT_ENCRYPTED', status: 422 }));
    let queue = run([
      { type: 'add', files: [pdf], defaults },
      { type: 'submit' },
      { type: 'start', id: 1 },
      { type: 'failed', id: 1, error: refusal },
    ]);
    expect(queue.entries[0]?.status).toEqual({ kind: 'failed', error: refusal });
    queue = run([{ type: 'edit', id: 1, metadata: { ownerDepartment: 'Văn phòng Sở' } }], queue);
    expect(queue.entries[0]?.metadata.ownerDepartment).toBe('Văn phòng Sở');
    queue = run([{ type: 'retry', id: 1 }], queue);
    expect(statusOf(queue, 1)).toBe('waiting');
    expect(filesToStart(queue, 1)).toEqual([1]);
  });

  it('ignores events that do not fit a file’s state', () => {
    const inFlight = run([
      { type: 'add', files: [pdf], defaults },
      { type: 'submit' },
      { type: 'start', id: 1 },
    ]);
    // A file being sent cannot be removed or retried; a late progress event after a failure
    // cannot bring it back.
    expect(run([{ type: 'remove', id: 1 }], inFlight)).toBe(inFlight);
    expect(run([{ type: 'retry', id: 1 }], inFlight)).toBe(inFlight);
    const failed = run([{ type: 'failed', id: 1, error: new Error('x') }], inFlight);
    expect(run([{ type: 'progress', id: 1, loaded: 5, total: 10 }], failed)).toBe(failed);
    expect(run([{ type: 'sent', id: 1 }], failed)).toBe(failed);
    expect(run([{ type: 'start', id: 1 }], failed)).toBe(failed);
    expect(run([{ type: 'progress', id: 99, loaded: 5, total: 10 }], failed)).toBe(failed);
  });

  it('starts waiting files oldest first, never more than the limit at once', () => {
    let queue = run([{ type: 'add', files: [pdf, png, pdf, png], defaults }, { type: 'submit' }]);
    expect(filesToStart(queue, 2)).toEqual([1, 2]);
    queue = run(
      [
        { type: 'start', id: 1 },
        { type: 'start', id: 2 },
      ],
      queue,
    );
    expect(filesToStart(queue, 2)).toEqual([]);
    queue = run(
      [
        { type: 'sent', id: 1 },
        { type: 'failed', id: 2, error: new Error('x') },
      ],
      queue,
    );
    expect(filesToStart(queue, 2)).toEqual([3]);
    expect(summarizeQueue(queue)).toEqual({ ready: 0, pending: 3, registered: 0, failed: 1 });
  });

  it('marks a file registered before as such', () => {
    const queue = run([
      { type: 'add', files: [png], defaults },
      { type: 'submit' },
      { type: 'start', id: 1 },
      {
        type: 'succeeded',
        id: 1,
        result: { documentId: 'd-9', title: 'QĐ 311', pages: 1, status: 'already-registered' },
      },
    ]);
    expect(queue.entries[0]?.status).toMatchObject({ kind: 'registered', repeated: true });
  });

  it('sends only filled-in metadata, trimmed', () => {
    expect(
      registrationFields({ title: '  Danh sách F1 ', classification: 'mat', ownerDepartment: ' ' }),
    ).toEqual({ title: 'Danh sách F1', classification: 'mat' });
    expect(titleFromFileName('C:\\fakepath\\Báo cáo.v2.pdf')).toBe('Báo cáo.v2');
    expect(titleFromFileName('.hidden')).toBe('.hidden');
  });
});

describe('messages for refused files', () => {
  it('says each refusal in both languages; other problems as everywhere else', async () => {
    const vi = await translatorFor('vi');
    const en = await translatorFor('en');
    const say = (message: { key: string; values: Record<string, string | number> }) => {
      expect(vi.exists(message.key), message.key).toBe(true);
      expect(en.exists(message.key), message.key).toBe(true);
      return vi.t(message.key, message.values);
    };
    const api = (status: number, code: string) =>
      new ApiError(toProblem(status, { status, code, detail: 'English detail' }));
    expect(say(uploadErrorMessage(api(422, 'LW_DOCUMENT_ENCRYPTED')))).toContain('mật khẩu');
    expect(say(uploadErrorMessage(api(422, 'LW_IMAGE_UNDECODABLE')))).toContain('giải mã');
    expect(say(uploadErrorMessage(api(403, 'LW_FORBIDDEN')))).toBe(vi.t('errors.LW_FORBIDDEN'));
    expect(say(fileProblemMessage({ kind: 'tooLarge', maxBytes: maxDocumentBytes }))).toContain(
      '100 MB',
    );
    for (const kind of [
      'empty',
      'unsupportedDocument',
      'notImage',
      'unsupportedImage',
      'clipboardEmpty',
    ] as const)
      say(fileProblemMessage({ kind }));
  });

  it('covers every file refusal the API has', async () => {
    const vi = await translatorFor('vi');
    const fileCodes = Object.keys(errorCatalogue).filter((code) =>
      /^LW_(DOCUMENT|IMAGE)_/.test(code),
    );
    expect(fileCodes.length).toBeGreaterThan(5);
    for (const code of fileCodes)
      expect(uploadErrorMessage(new ApiError({ status: 422, code })).key, code).toBe(
        `documentsUploadErrors.${code}`,
      );
    for (const code of fileCodes) expect(vi.exists(`documentsUploadErrors.${code}`)).toBe(true);
  });
});

describe('the document list', () => {
  it('reads its filter from the address, refusing values the API would refuse', () => {
    expect(filterFromParams(new URLSearchParams('classification=secret&page=-2&status=x'))).toEqual(
      {
        search: '',
        classification: null,
        ownerDepartment: '',
        status: 'active',
        page: 1,
      },
    );
    const filter = filterFromParams(
      new URLSearchParams('q=F1&classification=mat&owner=Phòng Nghiệp vụ Y&status=all&page=3'),
    );
    expect(filter).toEqual({
      search: 'F1',
      classification: 'mat',
      ownerDepartment: 'Phòng Nghiệp vụ Y',
      status: null,
      page: 3,
    });
    expect(filterFromParams(new URLSearchParams(paramsFromFilter(filter)))).toEqual(filter);
  });

  it('asks the API for one page and one row more, to know if another follows', () => {
    const url = new URL(
      documentListQuery({
        search: ' F1 ',
        classification: 'mat',
        ownerDepartment: 'Phòng Nghiệp vụ Y',
        status: 'active',
        page: 3,
      }),
      'http://x',
    );
    expect(url.pathname).toBe('/api/documents');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'active',
      classification: 'mat',
      search: 'F1',
      ownerDepartment: 'Phòng Nghiệp vụ Y',
      limit: '51',
      offset: '100',
    });
    const all = new URL(
      documentListQuery({
        search: '',
        classification: null,
        ownerDepartment: '',
        status: null,
        page: 1,
      }),
      'http://x',
    );
    expect(Object.fromEntries(all.searchParams)).toEqual({ limit: '51', offset: '0' });
  });
});

describe('check an image', () => {
  it('puts the reasons that decided a match first, each signal once', () => {
    expect(
      matchReasons({
        rules: ['dense-text', 'anchors'],
        agreed: ['pdq', 'text', 'anchors', 'geometry'],
      }),
    ).toEqual([
      { signal: 'text', decisive: true },
      { signal: 'anchors', decisive: true },
      { signal: 'geometry', decisive: false },
      { signal: 'pdq', decisive: false },
    ]);
    expect(matchReasons({ rules: ['exact'], agreed: ['exact', 'mystery'] })).toEqual([
      { signal: 'exact', decisive: true },
    ]);
  });

  it('gives sizes in the reader’s language', () => {
    expect(formatFileSize(12.44 * 1024 * 1024, 'vi')).toBe('12,4 MB');
    expect(formatFileSize(12.44 * 1024 * 1024, 'en')).toBe('12.4 MB');
    expect(formatFileSize(850 * 1024, 'vi')).toBe('850 kB');
  });
});
