export {
  buildEvidencePackage,
  manifestSchema,
  sha256Hex,
  verifyEvidencePackage,
  type EvidenceFile,
  type EvidenceManifest,
  type EvidenceVerification,
} from './evidence-package.js';
