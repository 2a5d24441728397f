export {
  manifestSchema,
  sha256Hex,
  streamEvidencePackage,
  verifyEvidencePackage,
  type EvidenceSource,
  type EvidenceManifest,
  type EvidenceVerification,
  type RemovedEvidenceFile,
} from './evidence-package.js';
export {
  decideBlobRetention,
  isDocumentPastRetention,
  retentionCutoffs,
  retentionHolds,
  type BlobRetentionDecision,
  type BlobRetentionFacts,
  type RetentionCategory,
  type RetentionCutoffs,
  type RetentionHold,
  type RetentionSettings,
} from './retention-policy.js';
