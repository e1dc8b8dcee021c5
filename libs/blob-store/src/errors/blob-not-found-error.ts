/** The key holds no blob. Callers decide what absence means (e.g. verify rejects `staging_missing`). */
export class BlobNotFoundError extends Error {
  readonly type = 'blob_not_found' as const;

  constructor(readonly key: string) {
    super(`no blob at key '${key}'`);
    this.name = 'BlobNotFoundError';
  }
}

export const isBlobNotFound = (error: unknown): error is BlobNotFoundError => error instanceof BlobNotFoundError;
