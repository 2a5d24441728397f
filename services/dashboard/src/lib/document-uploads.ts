import { ApiError, errorMessageFor, type ErrorMessage } from '../api/problem.js';

/**
 * The registration queue of the Documents page and the file checks of "Check an image", as
 * pure functions: what the API accepts (services/api/src/routes/documents, routes/match), and
 * how each file moves from dropped to registered or failed.
 */

export const documentClassifications = ['thuong', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export type DocumentClassification = (typeof documentClassifications)[number];

export function isDocumentClassification(value: unknown): value is DocumentClassification {
  return (
    typeof value === 'string' && (documentClassifications as readonly string[]).includes(value)
  );
}

/** packages/documents `defaultExtractionLimits.maxBytes`: the API cuts an upload there. */
export const maxDocumentBytes = 100 * 1024 * 1024;
/** packages/fingerprint `defaultDecodeLimits.maxInputBytes`, the limit of POST /api/match. */
export const maxImageBytes = 25 * 1024 * 1024;
/** The API's field limits (metadataFieldsSchema in routes/documents). */
export const maxTitleLength = 500;
export const maxOwnerLength = 300;

/** What the browser knows of a file before reading it (a File, or a plain object in tests). */
export interface FileLike {
  name: string;
  size: number;
  type: string;
}

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/**
 * The API tells formats by their bytes (PDF, PNG, JPEG, TIFF, WebP, and the office archives
 * LibreOffice converts); the browser can only look at the name and the type it reports, so a
 * file passes when either one is known. The API has the last word.
 */
const documentExtensions = new Set([
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'tif',
  'tiff',
  'webp',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
]);
const documentTypes = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);
/** For the file picker's `accept`. */
export const documentAccept = [...documentExtensions].map((extension) => `.${extension}`).join(',');

/** The photo formats the matcher decodes (sharp: JPEG, PNG, WebP, GIF, TIFF, AVIF). */
const imageExtensions = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif']);
const imageTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/tiff',
  'image/avif',
]);
export const imageAccept = [...imageTypes].join(',');

export type FileProblem =
  | { kind: 'empty' }
  | { kind: 'tooLarge'; maxBytes: number }
  | { kind: 'unsupportedDocument' }
  | { kind: 'notImage' }
  | { kind: 'unsupportedImage' }
  /** Ctrl+V with text, or nothing, on the clipboard. */
  | { kind: 'clipboardEmpty' };

/** Why a dropped file cannot be registered, or null when it may be sent. */
export function documentFileProblem(file: FileLike): FileProblem | null {
  if (file.size === 0) return { kind: 'empty' };
  if (!documentExtensions.has(extensionOf(file.name)) && !documentTypes.has(file.type))
    return { kind: 'unsupportedDocument' };
  if (file.size > maxDocumentBytes) return { kind: 'tooLarge', maxBytes: maxDocumentBytes };
  return null;
}

/** Why an image cannot be checked, or null when it may be sent. */
export function imageFileProblem(file: FileLike): FileProblem | null {
  if (file.size === 0) return { kind: 'empty' };
  const known = imageTypes.has(file.type) || imageExtensions.has(extensionOf(file.name));
  if (!known)
    return file.type.startsWith('image/') ? { kind: 'unsupportedImage' } : { kind: 'notImage' };
  if (file.size > maxImageBytes) return { kind: 'tooLarge', maxBytes: maxImageBytes };
  return null;
}

/**
 * What a paste brings: its image (a screenshot or a picture copied from Zalo or a web page),
 * else its first file, which the image check then refuses with a reason.
 */
export function pickPastedFile<F extends FileLike>(
  files: readonly F[],
): { file: F } | { problem: FileProblem } {
  const file = files.find((candidate) => candidate.type.startsWith('image/')) ?? files[0];
  return file ? { file } : { problem: { kind: 'clipboardEmpty' } };
}

/** A file's size for people: "850 kB", "12,4 MB". */
export function formatFileSize(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'vi-VN';
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'megabyte']
      : bytes >= 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes, 'byte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 'megabyte' ? 1 : 0,
  }).format(value);
}

/** The megabytes a limit is told in ("100 MB"). */
export function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

export function fileProblemMessage(problem: FileProblem): ErrorMessage {
  switch (problem.kind) {
    case 'tooLarge':
      return {
        key: 'documentsUploadErrors.tooLarge',
        values: { max: megabytes(problem.maxBytes) },
      };
    case 'empty':
    case 'unsupportedDocument':
    case 'notImage':
    case 'unsupportedImage':
    case 'clipboardEmpty':
      return { key: `documentsUploadErrors.${problem.kind}`, values: {} };
  }
}

/** Codes of file refusals that get their own sentence (`documentsUploadErrors.<code>`). */
export const explainedUploadCodes = [
  'LW_DOCUMENT_UNREADABLE',
  'LW_DOCUMENT_UNSUPPORTED',
  'LW_DOCUMENT_TOO_LARGE',
  'LW_DOCUMENT_ENCRYPTED',
  'LW_DOCUMENT_ACTIVE_CONTENT',
  'LW_DOCUMENT_CONVERTER_MISSING',
  'LW_IMAGE_EMPTY',
  'LW_IMAGE_TOO_LARGE',
  'LW_IMAGE_UNDECODABLE',
  'LW_IMAGE_UNSUPPORTED',
  'LW_OCR_TIMEOUT',
] as const;

/** An upload's failure in the reader's language: the file codes here, the rest as everywhere. */
export function uploadErrorMessage(error: unknown): ErrorMessage {
  if (error instanceof ApiError) {
    const code = error.problem.code ?? '';
    if ((explainedUploadCodes as readonly string[]).includes(code))
      return { key: `documentsUploadErrors.${code}`, values: {} };
  }
  return errorMessageFor(error);
}

// The queue

export interface DocumentMetadata {
  title: string;
  classification: DocumentClassification;
  ownerDepartment: string;
}

export type UploadStatus =
  /** Refused before sending: nothing to retry, only to remove. */
  | { kind: 'invalid'; problem: FileProblem }
  /** Dropped; metadata still being edited. */
  | { kind: 'ready' }
  /** Sent off by the officer, waiting for a free slot. */
  | { kind: 'waiting' }
  | { kind: 'uploading'; loaded: number; total: number }
  /** Every byte sent; the API is reading, fingerprinting and storing the pages. */
  | { kind: 'registering' }
  | { kind: 'registered'; documentId: string; title: string; pages: number; repeated: boolean }
  | { kind: 'failed'; error: unknown };

export interface UploadEntry<F extends FileLike = FileLike> {
  id: number;
  file: F;
  metadata: DocumentMetadata;
  status: UploadStatus;
}

export interface UploadQueue<F extends FileLike = FileLike> {
  entries: UploadEntry<F>[];
  nextId: number;
}

export type UploadAction<F extends FileLike = FileLike> =
  | {
      type: 'add';
      files: readonly F[];
      defaults: Pick<DocumentMetadata, 'classification' | 'ownerDepartment'>;
    }
  | { type: 'edit'; id: number; metadata: Partial<DocumentMetadata> }
  /** Everything ready goes to the queue. */
  | { type: 'submit' }
  | { type: 'start'; id: number }
  | { type: 'progress'; id: number; loaded: number; total: number }
  | { type: 'sent'; id: number }
  | {
      type: 'succeeded';
      id: number;
      result: { documentId: string; title: string; pages: number; status: string };
    }
  | { type: 'failed'; id: number; error: unknown }
  | { type: 'retry'; id: number }
  | { type: 'remove'; id: number }
  | { type: 'clearRegistered' };

export function emptyQueue<F extends FileLike>(): UploadQueue<F> {
  return { entries: [], nextId: 1 };
}

/** The title the API would give too: the file name without its extension. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).trim().slice(0, maxTitleLength);
}

export function isInFlight(status: UploadStatus): boolean {
  return status.kind === 'uploading' || status.kind === 'registering';
}

/** Metadata may change until the file is on its way, and again after a failure. */
export function isEditable(status: UploadStatus): boolean {
  return status.kind === 'ready' || status.kind === 'failed';
}

function update<F extends FileLike>(
  queue: UploadQueue<F>,
  id: number,
  change: (entry: UploadEntry<F>) => UploadEntry<F>,
): UploadQueue<F> {
  const index = queue.entries.findIndex((entry) => entry.id === id);
  const entry = queue.entries[index];
  if (!entry) return queue;
  const next = change(entry);
  if (next === entry) return queue;
  const entries = [...queue.entries];
  entries[index] = next;
  return { ...queue, entries };
}

/**
 * Moves files through the queue. An action that does not fit a file's state (progress for a
 * file that already failed, a retry of one in flight) leaves the queue as it was, so late
 * events from a cancelled request cannot resurrect it.
 */
export function uploadQueueReducer<F extends FileLike>(
  queue: UploadQueue<F>,
  action: UploadAction<F>,
): UploadQueue<F> {
  switch (action.type) {
    case 'add': {
      let nextId = queue.nextId;
      const added = action.files.map((file): UploadEntry<F> => {
        const problem = documentFileProblem(file);
        return {
          id: nextId++,
          file,
          metadata: { title: titleFromFileName(file.name), ...action.defaults },
          status: problem ? { kind: 'invalid', problem } : { kind: 'ready' },
        };
      });
      return added.length === 0 ? queue : { entries: [...queue.entries, ...added], nextId };
    }
    case 'edit':
      return update(queue, action.id, (entry) =>
        isEditable(entry.status)
          ? { ...entry, metadata: { ...entry.metadata, ...action.metadata } }
          : entry,
      );
    case 'submit': {
      if (!queue.entries.some((entry) => entry.status.kind === 'ready')) return queue;
      return {
        ...queue,
        entries: queue.entries.map((entry) =>
          entry.status.kind === 'ready' ? { ...entry, status: { kind: 'waiting' } } : entry,
        ),
      };
    }
    case 'start':
      return update(queue, action.id, (entry) =>
        entry.status.kind === 'waiting'
          ? { ...entry, status: { kind: 'uploading', loaded: 0, total: entry.file.size } }
          : entry,
      );
    case 'progress':
      return update(queue, action.id, (entry) =>
        entry.status.kind === 'uploading'
          ? {
              ...entry,
              status: {
                kind: 'uploading',
                loaded: Math.min(action.loaded, action.total),
                total: action.total,
              },
            }
          : entry,
      );
    case 'sent':
      return update(queue, action.id, (entry) =>
        entry.status.kind === 'uploading' ? { ...entry, status: { kind: 'registering' } } : entry,
      );
    case 'succeeded':
      return update(queue, action.id, (entry) =>
        isInFlight(entry.status)
          ? {
              ...entry,
              status: {
                kind: 'registered',
                documentId: action.result.documentId,
                title: action.result.title,
                pages: action.result.pages,
                repeated: action.result.status === 'already-registered',
              },
            }
          : entry,
      );
    case 'failed':
      return update(queue, action.id, (entry) =>
        isInFlight(entry.status)
          ? { ...entry, status: { kind: 'failed', error: action.error } }
          : entry,
      );
    case 'retry':
      return update(queue, action.id, (entry) =>
        entry.status.kind === 'failed' ? { ...entry, status: { kind: 'waiting' } } : entry,
      );
    case 'remove': {
      const entries = queue.entries.filter(
        (entry) => entry.id !== action.id || isInFlight(entry.status),
      );
      return entries.length === queue.entries.length ? queue : { ...queue, entries };
    }
    case 'clearRegistered': {
      const entries = queue.entries.filter((entry) => entry.status.kind !== 'registered');
      return entries.length === queue.entries.length ? queue : { ...queue, entries };
    }
  }
}

/**
 * Which waiting files to start now, oldest first, keeping at most `concurrency` in flight:
 * each registration reads every page (OCR), and the API allows 60 uploads a minute.
 */
export function filesToStart(queue: UploadQueue, concurrency: number): number[] {
  const inFlight = queue.entries.filter((entry) => isInFlight(entry.status)).length;
  const free = Math.max(0, concurrency - inFlight);
  return queue.entries
    .filter((entry) => entry.status.kind === 'waiting')
    .slice(0, free)
    .map((entry) => entry.id);
}

/** Whole percent of an upload; 100 only once every byte is sent. */
export function uploadPercent(status: UploadStatus): number {
  switch (status.kind) {
    case 'uploading':
      if (status.total <= 0) return 0;
      return Math.min(99, Math.floor((status.loaded / status.total) * 100));
    case 'registering':
    case 'registered':
      return 100;
    case 'invalid':
    case 'ready':
    case 'waiting':
    case 'failed':
      return 0;
  }
}

export interface QueueSummary {
  ready: number;
  pending: number;
  registered: number;
  failed: number;
}

export function summarizeQueue(queue: UploadQueue): QueueSummary {
  const summary: QueueSummary = { ready: 0, pending: 0, registered: 0, failed: 0 };
  for (const { status } of queue.entries) {
    if (status.kind === 'ready') summary.ready += 1;
    else if (status.kind === 'waiting' || isInFlight(status)) summary.pending += 1;
    else if (status.kind === 'registered') summary.registered += 1;
    else summary.failed += 1;
  }
  return summary;
}

/** The form fields of POST /api/documents: empty values are left out (the API's defaults). */
export function registrationFields(metadata: DocumentMetadata): Record<string, string> {
  const fields: Record<string, string> = { classification: metadata.classification };
  const title = metadata.title.trim();
  const owner = metadata.ownerDepartment.trim();
  if (title) fields['title'] = title.slice(0, maxTitleLength);
  if (owner) fields['ownerDepartment'] = owner.slice(0, maxOwnerLength);
  return fields;
}

// The list

export const documentsPageSize = 50;

export interface DocumentListFilter {
  search: string;
  classification: DocumentClassification | null;
  ownerDepartment: string;
  status: 'active' | 'revoked' | null;
  /** From 1. */
  page: number;
}

/** GET /api/documents for one page of the list; one row more than shown tells if another follows. */
export function documentListQuery(filter: DocumentListFilter): string {
  const params = new URLSearchParams();
  const search = filter.search.trim();
  const owner = filter.ownerDepartment.trim();
  if (filter.status) params.set('status', filter.status);
  if (filter.classification) params.set('classification', filter.classification);
  if (search) params.set('search', search.slice(0, 200));
  if (owner) params.set('ownerDepartment', owner.slice(0, maxOwnerLength));
  params.set('limit', String(documentsPageSize + 1));
  params.set('offset', String((Math.max(1, filter.page) - 1) * documentsPageSize));
  return `/api/documents?${params.toString()}`;
}

/** Reads the list's state from the address bar, ignoring values the API would refuse. */
export function filterFromParams(params: URLSearchParams): DocumentListFilter {
  const classification = params.get('classification');
  const status = params.get('status');
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    search: params.get('q') ?? '',
    classification: isDocumentClassification(classification) ? classification : null,
    ownerDepartment: params.get('owner') ?? '',
    // The list shows documents in force unless asked otherwise.
    status: status === 'revoked' ? 'revoked' : status === 'all' ? null : 'active',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function paramsFromFilter(filter: DocumentListFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (filter.search.trim()) params['q'] = filter.search.trim();
  if (filter.classification) params['classification'] = filter.classification;
  if (filter.ownerDepartment.trim()) params['owner'] = filter.ownerDepartment.trim();
  if (filter.status !== 'active') params['status'] = filter.status ?? 'all';
  if (filter.page > 1) params['page'] = String(filter.page);
  return params;
}

// Check an image

/** The evidence that can point at a registered page (packages/matcher decide.ts). */
export const matchSignals = ['exact', 'text', 'anchors', 'geometry', 'pdq'] as const;
export type MatchSignal = (typeof matchSignals)[number];

export interface MatchReason {
  signal: MatchSignal;
  /** A rule of the decision rests on it (the others only agree). */
  decisive: boolean;
}

/**
 * The reasons for one matched page, in a fixed order, decisive ones first: `rules` are what
 * decided (a "dense-text" rule is text evidence), `agreed` every signal pointing at the page.
 */
export function matchReasons(signals: { rules: readonly string[]; agreed: readonly string[] }) {
  const decisive = new Set<string>(
    signals.rules.map((rule) => (rule === 'dense-text' ? 'text' : rule)),
  );
  const named = new Set<string>([...signals.agreed, ...decisive]);
  const reasons: MatchReason[] = matchSignals
    .filter((signal) => named.has(signal))
    .map((signal) => ({ signal, decisive: decisive.has(signal) }));
  return [...reasons.filter((r) => r.decisive), ...reasons.filter((r) => !r.decisive)];
}
