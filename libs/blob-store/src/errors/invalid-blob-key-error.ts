/** A key outside the allowed alphabet: refused before it can reach a path or an object name. */
export class InvalidBlobKeyError extends Error {
  readonly type = 'invalid_blob_key' as const;

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid blob key ${JSON.stringify(key.slice(0, 200))}: ${reason}`);
    this.name = 'InvalidBlobKeyError';
  }
}
