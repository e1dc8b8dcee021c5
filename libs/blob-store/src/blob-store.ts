import type { Readable } from 'node:stream';

export interface BlobStat {
  size: number;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * One blob opened for reads at any offset, into the caller's buffer: a server can then send a large
 * blob from a few reused buffers instead of a fresh allocation per chunk (see FsBlobStore.openReader).
 */
export interface BlobReader {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `buffer` (from its start); 0 at the end of the blob. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Bytes by key: the staging area (`staging/<submissionId>`) and the content-addressed store
 * (`sha256/<hex>`). Adapters: filesystem (embedded default) and S3/MinIO. Not a service's
 * database: it is infrastructure that ingest writes, verify reads and storage promotes.
 */
export interface BlobStore {
  /** Streams `body` to `key`, atomically (readers never see a partial blob); returns the size written. */
  put(key: string, body: Readable, options?: { maxBytes?: number }): Promise<BlobStat>;
  /** A stream of the blob (or of an inclusive byte range); throws BlobNotFoundError when absent. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /**
   * Positional reads, where the adapter has them (the filesystem; S3 has only streams, so callers
   * fall back to get()). Throws BlobNotFoundError when absent.
   */
  openReader?(key: string): Promise<BlobReader>;
  stat(key: string): Promise<BlobStat | null>;
  /** Server-side copy where the adapter can; used to promote staged bytes. */
  copy(fromKey: string, toKey: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const blobKeys = {
  staging: (submissionId: string) => `staging/${submissionId}`,
  content: (sha256: string) => `sha256/${sha256}`,
} as const;
