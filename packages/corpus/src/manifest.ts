import { z } from 'zod';
import { variantClasses } from './variants/leak-variants.js';

/**
 * The corpus on disk is described by `manifest.json`: every registered and look-alike
 * document with its page images, and every query image with its ground truth. The runner
 * reads it through this schema (it is a file from outside the process).
 */
export const corpusVersion = 1;

const pageEntry = z.object({
  page: z.number().int().positive(),
  file: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});

export const documentEntry = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  numberSymbol: z.string(),
  pdf: z.string(),
  pages: z.array(pageEntry).min(1),
  /** How much personal data the document shows (ground truth for the detectors). */
  personalData: z.object({
    people: z.number().int(),
    ids: z.number().int(),
    phones: z.number().int(),
  }),
});

export const queryOrigin = z.enum(['registered', 'lookalike', 'distractor']);

export const queryEntry = z.object({
  id: z.string(),
  file: z.string(),
  origin: queryOrigin,
  /** Variant class for leaks and look-alikes; the distractor's kind otherwise. */
  variant: z.string(),
  /** The registered pages this image shows; empty for look-alikes and distractors. */
  expected: z.array(z.object({ documentId: z.string(), page: z.number().int().positive() })),
  sourceDocumentId: z.string().optional(),
  keptFraction: z.number().min(0).max(1),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
});

export const corpusManifest = z.object({
  version: z.literal(corpusVersion),
  profile: z.string(),
  seed: z.string(),
  generatedAt: z.string(),
  generationSeconds: z.number(),
  registered: z.array(documentEntry),
  lookalikes: z.array(documentEntry),
  queries: z.array(queryEntry),
});

export type CorpusManifest = z.infer<typeof corpusManifest>;
export type DocumentEntry = z.infer<typeof documentEntry>;
export type QueryEntry = z.infer<typeof queryEntry>;
export type QueryOrigin = z.infer<typeof queryOrigin>;

export const leakVariantClasses = variantClasses;
