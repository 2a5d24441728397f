import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  BlobMissingError,
  assertContent,
  blobKey,
  parseBlobKey,
  type BlobStore,
  type StoredBlob,
} from './blob-store.js';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** For S3-compatible services (MinIO, Ceph, a provider's object storage); omit for AWS. */
  endpoint?: string | undefined;
  /** Bucket in the path instead of the host name, as most S3-compatible services want. */
  forcePathStyle?: boolean;
  /** A folder inside the bucket, so several installations can share one. */
  prefix?: string | undefined;
}

/**
 * The same content-addressed layout as the local store, in an S3-compatible bucket. Bytes are
 * checked against their SHA-256 on the way back, so a corrupted or swapped object is an error,
 * never evidence.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.client = new S3Client({
      region: options.region,
      credentials: {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
      },
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? true,
      // Many S3-compatible servers do not understand the SDK's newer default checksum framing;
      // integrity is checked end to end by the SHA-256 in the key instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 4,
    });
    this.prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
  }

  async put(bytes: Uint8Array, kind: string): Promise<StoredBlob> {
    const blob = blobKey(bytes, kind);
    const objectKey = this.prefix + blob.key;
    const existing = await this.client
      .send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: objectKey }))
      .catch((error: unknown) => {
        if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
        throw error;
      });
    if (existing?.ContentLength !== bytes.length) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: objectKey,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
          Metadata: { sha256: blob.sha256 },
        }),
      );
    }
    return blob;
  }

  async get(key: string): Promise<Buffer> {
    const { sha256 } = parseBlobKey(key);
    const response = await this.client
      .send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }))
      .catch((error: unknown) => {
        if (error instanceof NoSuchKey || error instanceof NotFound)
          throw new BlobMissingError(key, { cause: error });
        throw error;
      });
    if (!response.Body) throw new Error(`blob ${key} has no body`);
    const bytes = Buffer.from(await response.Body.transformToByteArray());
    assertContent(bytes, sha256, key);
    return bytes;
  }

  /** S3 answers a delete of an absent object with success too: deleting twice is harmless. */
  async delete(key: string): Promise<void> {
    parseBlobKey(key);
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }),
    );
  }

  close(): void {
    this.client.destroy();
  }
}
