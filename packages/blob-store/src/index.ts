export { LocalBlobStore, type BlobStore, type StoredBlob } from './blob-store.js';
