export {
  buildCorpus,
  corpusProfiles,
  type BuildCorpusOptions,
  type BuiltCorpus,
  type CorpusProfile,
} from './build-corpus.js';
export {
  healthDocument,
  healthDocumentKinds,
  otherAgencyDocument,
} from './content/health-documents.js';
export type { DocumentKind, DocumentSpec } from './content/document-model.js';
export {
  cccdNumber,
  mobileNumber,
  mobilePrefixes,
  provinceCodes,
  person,
  type Person,
} from './content/people.js';
export {
  distractorKinds,
  makeDistractor,
  type Distractor,
  type DistractorKind,
} from './distractors.js';
export {
  corpusManifest,
  corpusVersion,
  type CorpusManifest,
  type DocumentEntry,
  type QueryEntry,
  type QueryOrigin,
} from './manifest.js';
export { Random } from './random.js';
export { documentHtml } from './render/document-html.js';
export { CorpusRenderer, type RenderedDocument } from './render/renderer.js';
export {
  loadPageImage,
  makeVariant,
  variantClasses,
  type PageImage,
  type Variant,
  type VariantOverrides,
  type VariantClass,
} from './variants/leak-variants.js';
export {
  scoreGroup,
  scoreRun,
  scorecardMarkdown,
  type ClassScore,
  type ClosingPages,
  type MatchOutcome,
  type Scorecard,
  type ScoredQuery,
} from './scoring.js';
