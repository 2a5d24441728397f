import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yauzl from 'yauzl';
import { LeakWatchError } from '@leakwatch/errors';
import type { ExtractionLimits } from './extracted-page.js';

export type OfficeKind = 'docx' | 'odt' | 'xlsx' | 'ods' | 'pptx' | 'odp';

interface ArchiveSummary {
  entries: string[];
  unpackedBytes: number;
  mimetype?: string;
}

/** Reads an archive's central directory (sizes as declared) without unpacking anything. */
function summarise(bytes: Uint8Array): Promise<ArchiveSummary> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes),
      { lazyEntries: true, validateEntrySizes: true },
      (error, zip) => {
        if (error) {
          reject(error);
          return;
        }
        const summary: ArchiveSummary = { entries: [], unpackedBytes: 0 };
        zip.on('entry', (entry: yauzl.Entry) => {
          summary.entries.push(entry.fileName);
          summary.unpackedBytes += entry.uncompressedSize;
          if (entry.fileName === 'mimetype' && entry.uncompressedSize < 200) {
            zip.openReadStream(entry, (streamError, stream) => {
              if (streamError) {
                reject(streamError);
                return;
              }
              const chunks: Buffer[] = [];
              stream.on('data', (chunk: Buffer) => chunks.push(chunk));
              stream.on('end', () => {
                summary.mimetype = Buffer.concat(chunks).toString('ascii');
                zip.readEntry();
              });
            });
          } else {
            zip.readEntry();
          }
        });
        zip.on('end', () => {
          resolve(summary);
        });
        zip.on('error', reject);
        zip.readEntry();
      },
    );
  });
}

const openDocumentKinds: Record<string, OfficeKind> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

/**
 * Checks an office archive before anything opens it: it must be a Word/Writer (or sheet,
 * slides) document, and what it declares it unpacks to must stay within the limit and a sane
 * compression ratio — a zip bomb dressed as a DOCX is refused here.
 */
export async function inspectOfficeArchive(
  bytes: Uint8Array,
  limits: ExtractionLimits,
): Promise<OfficeKind> {
  let summary: ArchiveSummary;
  try {
    summary = await summarise(bytes);
  } catch (error) {
    throw new LeakWatchError('LW_DOCUMENT_UNREADABLE', {
      params: {
        reason: `a damaged ZIP archive (${error instanceof Error ? error.message : String(error)})`,
      },
      cause: error,
    });
  }
  if (
    summary.unpackedBytes > limits.maxUnpackedBytes ||
    summary.unpackedBytes > bytes.length * 200
  ) {
    throw new LeakWatchError('LW_DOCUMENT_TOO_LARGE', {
      params: {
        reason: `the archive unpacks to ${summary.unpackedBytes} bytes from ${bytes.length} (a zip bomb?); the limit is ${limits.maxUnpackedBytes}`,
      },
    });
  }
  const fromMime = summary.mimetype ? openDocumentKinds[summary.mimetype.trim()] : undefined;
  if (fromMime) return fromMime;
  if (summary.entries.includes('word/document.xml')) return 'docx';
  if (summary.entries.includes('xl/workbook.xml')) return 'xlsx';
  if (summary.entries.includes('ppt/presentation.xml')) return 'pptx';
  throw new LeakWatchError('LW_DOCUMENT_UNSUPPORTED', {
    params: { reason: 'a ZIP archive that is not an office document' },
  });
}

async function findOnPath(
  names: readonly string[],
  searchPath: string,
): Promise<string | undefined> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // keep looking
      }
    }
  }
  return undefined;
}

export const libreOfficeHint =
  'install LibreOffice to register office files (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; bash infra/setup.sh does), or export the document to PDF and register the PDF';

/**
 * Converts an office document to PDF with LibreOffice in headless mode, in a throw-away
 * profile and folder, within a time limit.
 */
export async function convertOfficeToPdf(
  bytes: Uint8Array,
  kind: OfficeKind,
  limits: ExtractionLimits,
  searchPath: string,
): Promise<Uint8Array> {
  const soffice = await findOnPath(['soffice', 'libreoffice'], searchPath);
  if (!soffice)
    throw new LeakWatchError('LW_DOCUMENT_CONVERTER_MISSING', {
      params: { hint: libreOfficeHint },
    });
  const dir = await mkdtemp(path.join(tmpdir(), 'lw-office-'));
  try {
    const input = path.join(dir, `document.${kind}`);
    await writeFile(input, bytes);
    const profile = pathToFileURL(path.join(dir, 'profile')).href;
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        soffice,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--nolockcheck',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          input,
        ],
        {
          stdio: 'ignore',
          env: { PATH: searchPath, HOME: dir },
        },
      );
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, limits.conversionTimeoutSeconds * 1000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    try {
      return new Uint8Array(await readFile(path.join(dir, 'document.pdf')));
    } catch {
      throw new LeakWatchError('LW_DOCUMENT_UNREADABLE', {
        params: {
          reason: `LibreOffice could not convert the file (exit code ${exitCode ?? 'killed after the time limit'})`,
        },
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
