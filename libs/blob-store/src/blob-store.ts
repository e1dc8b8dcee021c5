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
 * Bytes by key: the staging area (`staging/<submissionId>`) and the content-addressed store
 * (`sha256/<hex>`). Adapters: filesystem (embedded default) and S3/MinIO. Not a service's
 * database: it is infrastructure that ingest writes, verify reads and storage promotes.
 */
export interface BlobStore {
  /** Streams `body` to `key`, atomically (readers never see a partial blob); returns the size written. */
  put(key: string, body: Readable, options?: { maxBytes?: number }): Promise<BlobStat>;
  /** A stream of the blob (or of an inclusive byte range); throws BlobNotFoundError when absent. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<BlobStat | null>;
  /** Server-side copy where the adapter can; used to promote staged bytes. */
  copy(fromKey: string, toKey: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const blobKeys = {
  staging: (submissionId: string) => `staging/${submissionId}`,
  content: (sha256: string) => `sha256/${sha256}`,
} as const;
