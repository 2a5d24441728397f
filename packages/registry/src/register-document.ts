import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocumentClassification, NewRegisteredPage, Repositories } from '@leakwatch/db';
import { extractDocument, type ExtractionLimits } from '@leakwatch/documents';
import { fingerprintPage, type PageFingerprintContext } from './page-fingerprint.js';

export interface DocumentMetadata {
  title?: string;
  numberSymbol?: string;
  issuingUnit?: string;
  classification?: DocumentClassification;
  ownerDepartment?: string;
  tags?: string[];
  /** ISO date (YYYY-MM-DD) after which the document may be deleted. */
  retentionUntil?: string;
  registeredBy?: string;
  demo?: boolean;
}

export interface RegistrationInput {
  bytes: Uint8Array;
  fileName: string;
  metadata?: DocumentMetadata;
}

export interface RegistrationResult {
  documentId: string;
  title: string;
  pages: number;
  /** `registered` for a new document, `already-registered` for the same file again. */
  status: 'registered' | 'already-registered';
}

export interface RegistryContext extends PageFingerprintContext {
  repos: Pick<Repositories, 'documents'>;
  /** Where to look for LibreOffice (office files). */
  searchPath: string;
  limits?: Partial<ExtractionLimits>;
  /** Called after each page is fingerprinted (progress bars). */
  onPage?: (done: number) => void;
  /** Stores the original file when the deployment keeps originals; returns its blob key. */
  keepOriginal?: (bytes: Uint8Array, sha256: string) => Promise<string>;
}

/** The title a document gets when none is given: its file name without the extension. */
export function defaultTitle(fileName: string): string {
  return path.basename(fileName, path.extname(fileName)).trim() || 'Untitled document';
}

/**
 * Registers one file: identical bytes registered before give the existing document
 * (idempotent); otherwise every page is rendered, fingerprinted and stored — with the
 * document and its `registered` event — in one transaction, after all pages succeeded.
 */
export async function registerDocument(
  context: RegistryContext,
  input: RegistrationInput,
): Promise<RegistrationResult> {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const existing = await context.repos.documents.findByContentHash(sha256);
  if (existing)
    return {
      documentId: existing.id,
      title: existing.title,
      pages: existing.pageCount,
      status: 'already-registered',
    };
  const extracted = await extractDocument(input.bytes, {
    searchPath: context.searchPath,
    ...(context.limits ? { limits: context.limits } : {}),
  });
  const pages: NewRegisteredPage[] = [];
  for await (const page of extracted.pages) {
    pages.push(await fingerprintPage(page, context));
    context.onPage?.(pages.length);
  }
  const metadata = input.metadata ?? {};
  const originalBlobKey = context.keepOriginal
    ? await context.keepOriginal(input.bytes, sha256)
    : undefined;
  const { document, created } = await context.repos.documents.register(
    {
      contentSha256: sha256,
      title: nonEmpty(metadata.title?.trim()) ?? defaultTitle(input.fileName),
      numberSymbol: metadata.numberSymbol ?? null,
      issuingUnit: metadata.issuingUnit ?? null,
      classification: metadata.classification ?? 'thuong',
      ownerDepartment: metadata.ownerDepartment ?? null,
      tags: metadata.tags ?? [],
      retentionUntil: metadata.retentionUntil ?? null,
      fileName: path.basename(input.fileName),
      mimeType: extracted.mimeType,
      demo: metadata.demo ?? false,
      originalBlobKey: originalBlobKey ?? null,
      registeredBy: metadata.registeredBy ?? null,
    },
    pages,
  );
  return {
    documentId: document.id,
    title: document.title,
    pages: document.pageCount,
    status: created ? 'registered' : 'already-registered',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
