import { LocalBlobStore, type BlobStore } from './blob-store.js';
import { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';

export type BlobStoreConfig =
  { kind: 'local'; root: string } | ({ kind: 's3' } & S3BlobStoreOptions);

/** The store the configuration names (`BLOB_STORE`, see docs/operations.md). */
export function openBlobStore(config: BlobStoreConfig): BlobStore & { close?: () => void } {
  return config.kind === 'local' ? new LocalBlobStore(config.root) : new S3BlobStore(config);
}
