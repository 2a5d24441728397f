export {
  fingerprintPage,
  thumbnailWidth,
  type PageFingerprintContext,
} from './page-fingerprint.js';
export {
  defaultTitle,
  registerDocument,
  type DocumentMetadata,
  type RegistrationInput,
  type RegistrationResult,
  type RegistryContext,
} from './register-document.js';
export { decryptThumbnail, encryptThumbnail, type ThumbnailKey } from './thumbnail-crypto.js';
export {
  createRegistryService,
  type RegistryService,
  type RegistryServiceOptions,
} from './registry-service.js';
export { rotateThumbnails, type RotationResult } from './rotate-thumbnails.js';
export {
  FolderImporter,
  registrableExtensions,
  type FolderImporterOptions,
  type ImportOutcome,
} from './folder-importer.js';
export { OriginalStore } from './original-store.js';
