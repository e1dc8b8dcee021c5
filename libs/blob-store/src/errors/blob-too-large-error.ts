/** The body went past `maxBytes`; the put stored nothing. Maps to HTTP 413. */
export class BlobTooLargeError extends Error {
  readonly type = 'blob_too_large' as const;

  constructor(
    readonly key: string,
    readonly maxBytes: number,
  ) {
    super(`blob for key '${key}' exceeds ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

export const isBlobTooLarge = (error: unknown): error is BlobTooLargeError => error instanceof BlobTooLargeError;
