export {
  manifestSchema,
  sha256Hex,
  streamEvidencePackage,
  verifyEvidencePackage,
  type EvidenceSource,
  type EvidenceManifest,
  type EvidenceVerification,
} from './evidence-package.js';
