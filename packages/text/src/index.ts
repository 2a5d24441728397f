export { assessSensitivity, type SensitivityAssessment } from './assess.js';
export { boilerplateKeys } from './boilerplate.js';
export { detectDocumentCues, type DocumentCue } from './document-cues.js';
export {
  featureHash,
  hashFeatures,
  textFeatures,
  type FeatureKind,
  type HashedFeature,
  type TextFeature,
} from './features.js';
export { findPersonNames } from './names.js';
export {
  foldDiacritics,
  joinDigitGroups,
  matchingForm,
  matchingLines,
  normalizeText,
  words,
} from './normalize.js';
export {
  pageSegments,
  pageTextFromPlain,
  plainText,
  type Box,
  type PageText,
  type TextLine,
  type TextWord,
} from './ocr-text.js';
export {
  cccdProvinceCodes,
  detectPersonalData,
  isValidCccd,
  isValidCmnd,
  isValidLandline,
  isValidMobile,
  mobilePrefixes,
  type Finding,
  type FindingKind,
} from './personal-data.js';
export {
  TextIndex,
  type TextCandidate,
  type TextIndexOptions,
  type TextIndexStats,
  type TextQueryResult,
} from './text-index.js';
export {
  bestSubstringDistance,
  characterErrorRate,
  type CharacterErrorRate,
} from './character-error-rate.js';
