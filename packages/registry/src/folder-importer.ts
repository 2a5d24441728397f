import { appendFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isLeakWatchError, LeakWatchError } from '@leakwatch/errors';
import type { RegistrationInput, RegistrationResult } from './register-document.js';

/** File kinds picked up from folders (by extension; the bytes decide later). */
export const registrableExtensions: ReadonlySet<string> = new Set([
  '.pdf',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
  '.webp',
  '.docx',
  '.odt',
  '.doc',
  '.rtf',
]);

export type ImportOutcome =
  | ({ file: string } & RegistrationResult)
  | { file: string; error: { code: string; message: string } };

export interface FolderImporterOptions {
  folder: string;
  /** Where the journal of imported files is kept (survives restarts). */
  journalFile: string;
  register: (input: RegistrationInput) => Promise<RegistrationResult>;
  onOutcome: (outcome: ImportOutcome) => void;
  /** Largest file taken; larger ones are reported once and skipped. */
  maxBytes: number;
  pollMs?: number;
}

interface Seen {
  size: number;
  mtimeMs: number;
}

const journalKey = (file: string, seen: Seen) => `${file}\u0000${seen.size}\u0000${seen.mtimeMs}`;

/**
 * Registers every document that appears in a watched folder (the department's shared "to be
 * registered" folder, or where the document-management system exports). Polling rather than
 * file-system events: it works the same on network shares, where events are unreliable.
 *
 * A file is taken once its size and modification time held still across two polls (a copy in
 * progress is never read half-written). Each outcome is appended to a journal keyed by path,
 * size and time, so a restart neither repeats work nor loses it; a file changed later is taken
 * again (and registration is idempotent by content anyway). Originals are left where they are.
 */
export class FolderImporter {
  private readonly done = new Set<string>();
  private readonly pending = new Map<string, Seen>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: FolderImporterOptions) {}

  async start(): Promise<void> {
    await mkdir(path.dirname(this.options.journalFile), { recursive: true });
    try {
      const journal = await readFile(this.options.journalFile, 'utf8');
      for (const line of journal.split('\n')) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as { key?: unknown };
        if (typeof entry.key === 'string') this.done.add(entry.key);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await this.scan();
    this.timer = setInterval(() => {
      void this.scan();
    }, this.options.pollMs ?? 5_000);
  }

  /** One pass over the folder; resolves when every stable new file is handled. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const entries = await readdir(this.options.folder, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (this.stopped) return;
      if (!entry.isFile() || entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
      if (!registrableExtensions.has(path.extname(entry.name).toLowerCase())) continue;
      const file = path.join(entry.parentPath, entry.name);
      let info;
      try {
        info = await stat(file);
      } catch {
        continue; // removed between listing and looking
      }
      const seen = { size: info.size, mtimeMs: info.mtimeMs };
      const key = journalKey(file, seen);
      if (this.done.has(key)) continue;
      const before = this.pending.get(file);
      this.pending.set(file, seen);
      const settled = before?.size === seen.size && before.mtimeMs === seen.mtimeMs;
      if (!settled) continue;
      this.pending.delete(file);
      await this.importFile(file, seen, key);
    }
  }

  private async importFile(file: string, seen: Seen, key: string): Promise<void> {
    let outcome: ImportOutcome;
    try {
      if (seen.size > this.options.maxBytes)
        throw new LeakWatchError('LW_DOCUMENT_TOO_LARGE', {
          params: { reason: `${seen.size} bytes, more than the limit of ${this.options.maxBytes}` },
        });
      const bytes = await readFile(file);
      const result = await this.options.register({ bytes, fileName: path.basename(file) });
      outcome = { file, ...result };
    } catch (error) {
      outcome = {
        file,
        error: isLeakWatchError(error)
          ? { code: error.code, message: error.message }
          : {
              code: 'LW_INTERNAL',
              message: error instanceof Error ? error.message : String(error),
            },
      };
    }
    // Failures are journalled too: a broken file is reported once, not every five seconds;
    // replacing it (new size or time) gets it read again.
    this.done.add(key);
    await appendFile(
      this.options.journalFile,
      `${JSON.stringify({ key, at: new Date().toISOString(), ...outcome })}\n`,
    );
    this.options.onOutcome(outcome);
  }
}
