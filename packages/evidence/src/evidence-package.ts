import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { z } from 'zod';

const fileSchema = z.object({
  path: z.string().regex(/^files\/[A-Za-z0-9._-]+$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  kind: z.enum(['image', 'screenshot', 'html', 'response_body']),
  capturedAt: z.string(),
  sourceUrl: z.string().nullable(),
  postPermalink: z.string().nullable(),
});

/**
 * A file the incident had whose bytes the retention run deleted (docs/operations.md): listed
 * under the path it would have had, so the package says what is missing and why instead of
 * failing; it is not in the zip.
 */
const removedFileSchema = fileSchema.extend({
  removedAt: z.string(),
  reason: z.literal('retention'),
});

export const manifestSchema = z.object({
  format: z.literal('leakwatch-evidence/1'),
  incident: z.object({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    status: z.string(),
    detectedAt: z.string(),
  }),
  document: z
    .object({ id: z.string(), title: z.string(), numberSymbol: z.string().nullable() })
    .nullable(),
  matches: z.array(z.object({ imagePath: z.string(), pageNumber: z.number().int().nullable() })),
  exportedAt: z.string(),
  exportedBy: z.string(),
  files: z.array(fileSchema),
  /** Absent from packages made before retention existed. */
  removedByRetention: z.array(removedFileSchema).optional(),
});

export type EvidenceManifest = z.infer<typeof manifestSchema>;
export type RemovedEvidenceFile = z.infer<typeof removedFileSchema>;
/**
 * A file to package: its SHA-256 and size are known beforehand (the blob's content address and
 * stored size), its bytes are read when their turn comes.
 */
export type EvidenceSource = z.infer<typeof fileSchema> & { read: () => Promise<Uint8Array> };

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * An evidence package, streamed: the manifest (every file with its SHA-256, size, capture time
 * and source) comes first, then each file, read one at a time, so the package is never whole in
 * memory. The manifest's own SHA-256 is known before the first byte leaves (the export records
 * it in the audit log, so a manifest rewritten to fit altered files is caught as well). Each
 * file is hashed as it is read; bytes that are not what the manifest says end the stream with
 * an error, never a package that lies.
 */
export function streamEvidencePackage(
  meta: Omit<EvidenceManifest, 'format' | 'files'>,
  files: readonly EvidenceSource[],
): { stream: Readable; manifestSha256: string; manifest: EvidenceManifest } {
  const { removedByRetention, ...described } = meta;
  const manifest: EvidenceManifest = {
    format: 'leakwatch-evidence/1',
    ...described,
    files: files.map((file) => ({
      path: file.path,
      kind: file.kind,
      capturedAt: file.capturedAt,
      sourceUrl: file.sourceUrl,
      postPermalink: file.postPermalink,
      sha256: file.sha256,
      bytes: file.bytes,
    })),
    ...(removedByRetention ? { removedByRetention } : {}),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  let started = false;
  let full = false;
  let resume: (() => void) | undefined;
  const wake = () => {
    resume?.();
    resume = undefined;
  };
  // Nothing is read until someone reads the stream: an export whose caller never gets to send
  // it (a failed audit write) reads no blob, and no error can fire before anyone listens.
  const out = new Readable({
    read() {
      full = false;
      if (!started) {
        started = true;
        write().catch((error: unknown) => out.destroy(error as Error));
      }
      wake();
    },
    destroy(error, callback) {
      wake();
      callback(error);
    },
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    if (!out.push(chunk)) full = true;
    if (final) out.push(null);
  });
  const write = async () => {
    const entry = new ZipDeflate('manifest.json', { level: 6 });
    zip.add(entry);
    entry.push(manifestBytes, true);
    for (const file of files) {
      // The next file is read only once the reader has taken the previous ones.
      if (full) await new Promise<void>((resolve) => (resume = resolve));
      if (out.destroyed) return;
      const content = await file.read();
      const sha256 = sha256Hex(content);
      if (sha256 !== file.sha256 || content.length !== file.bytes)
        throw new Error(
          `${file.path}: read ${content.length} bytes with SHA-256 ${sha256}, expected ${file.bytes} bytes with ${file.sha256}`,
        );
      // Stored, not deflated: images and screenshots are compressed already.
      const stored = new ZipPassThrough(file.path);
      zip.add(stored);
      stored.push(content, true);
    }
    zip.end();
  };
  return { stream: out, manifestSha256: sha256Hex(manifestBytes), manifest };
}

export interface EvidenceVerification {
  ok: boolean;
  manifestSha256: string | null;
  files: number;
  problems: string[];
  manifest: EvidenceManifest | null;
}

/** Checks a package: every listed file present with its size and SHA-256, nothing extra. */
export function verifyEvidencePackage(zip: Uint8Array): EvidenceVerification {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    return {
      ok: false,
      manifestSha256: null,
      files: 0,
      problems: [`not a readable zip: ${error instanceof Error ? error.message : String(error)}`],
      manifest: null,
    };
  }
  const manifestBytes = entries['manifest.json'];
  if (!manifestBytes)
    return {
      ok: false,
      manifestSha256: null,
      files: 0,
      problems: ['manifest.json is missing'],
      manifest: null,
    };
  const manifestSha256 = sha256Hex(manifestBytes);
  let manifest: EvidenceManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(Buffer.from(manifestBytes).toString('utf8')));
  } catch (error) {
    return {
      ok: false,
      manifestSha256,
      files: 0,
      problems: [
        `manifest.json is invalid: ${error instanceof Error ? error.message : String(error)}`,
      ],
      manifest: null,
    };
  }
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const content = entries[file.path];
    if (!content) {
      problems.push(`${file.path}: missing`);
      continue;
    }
    if (content.length !== file.bytes)
      problems.push(`${file.path}: ${content.length} bytes, the manifest says ${file.bytes}`);
    const actual = sha256Hex(content);
    if (actual !== file.sha256)
      problems.push(`${file.path}: SHA-256 ${actual}, the manifest says ${file.sha256}`);
  }
  for (const name of Object.keys(entries))
    if (name !== 'manifest.json' && !listed.has(name) && !name.endsWith('/'))
      problems.push(`${name}: not in the manifest`);
  return {
    ok: problems.length === 0,
    manifestSha256,
    files: manifest.files.length,
    problems,
    manifest,
  };
}
