export type { BlobReader, BlobStat, BlobStore, ByteRange } from './blob-store.js';
export { blobKeys } from './blob-store.js';
export { BlobNotFoundError, isBlobNotFound } from './errors/blob-not-found-error.js';
export { BlobTooLargeError, isBlobTooLarge } from './errors/blob-too-large-error.js';
export { BlobRangeError } from './errors/blob-range-error.js';
export { InvalidBlobKeyError } from './errors/invalid-blob-key-error.js';
export { validateBlobKey } from './keys/validate-blob-key.js';
export { FsBlobStore, READ_CHUNK_BYTES } from './fs/fs-blob-store.js';
// Type only: the S3 adapter and `minio` load on demand, through openBlobStore('s3://...').
export type { S3BlobStore, S3BlobStoreOptions } from './s3/s3-blob-store.js';
export {
  InvalidBlobStoreUrlError,
  openBlobStore,
  parseBlobStoreUrl,
  type BlobStoreLocation,
} from './open-blob-store.js';
export { readWholeIfSmall, WHOLE_READ_MAX_BYTES } from './read-whole-if-small.js';
