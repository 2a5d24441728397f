import { createHash } from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';
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
});

export type EvidenceManifest = z.infer<typeof manifestSchema>;
/** A file to package; its SHA-256 and size are computed from the content. */
export type EvidenceFile = Omit<z.infer<typeof fileSchema>, 'sha256' | 'bytes'> & {
  content: Uint8Array;
};

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * An evidence package: the files and a manifest naming each with its SHA-256, size, capture
 * time and source. Returns the zip and the manifest's own SHA-256, which the export records in
 * the audit log, so a manifest rewritten to fit altered files is caught as well.
 */
export function buildEvidencePackage(
  meta: Omit<EvidenceManifest, 'format' | 'files'>,
  files: readonly EvidenceFile[],
): { zip: Uint8Array; manifestSha256: string; manifest: EvidenceManifest } {
  const manifest: EvidenceManifest = {
    format: 'leakwatch-evidence/1',
    ...meta,
    files: files.map(({ content, ...file }) => ({
      ...file,
      sha256: sha256Hex(content),
      bytes: content.length,
    })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const entries: Zippable = { 'manifest.json': manifestBytes };
  for (const file of files) entries[file.path] = [file.content, { level: 0 }];
  return {
    zip: zipSync(entries, { level: 6 }),
    manifestSha256: sha256Hex(manifestBytes),
    manifest,
  };
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
