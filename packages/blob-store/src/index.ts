export {
  BlobMissingError,
  LocalBlobStore,
  blobKey,
  blobKeyOfDigest,
  parseBlobKey,
  type BlobStore,
  type StoredBlob,
} from './blob-store.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
export { openBlobStore, type BlobStoreConfig } from './open-blob-store.js';
