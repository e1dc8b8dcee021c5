import type { IncomingMessage } from 'node:http';
import type { BlobStore } from '@market/blob-store';
import { isBlobTooLarge } from '@market/blob-store';
import { DigestingTransform, isPackError, type Digest } from '@market/pack';

/** The body went past the size limit while streaming (the header did not say so beforehand). */
export class UploadTooLargeError extends Error {
  readonly type = 'upload_too_large' as const;
  constructor(readonly maxBytes: number) {
    super(`upload exceeds ${maxBytes} bytes`);
    this.name = 'UploadTooLargeError';
  }
}

/** The client went away before the body ended. */
export class UploadAbortedError extends Error {
  readonly type = 'upload_aborted' as const;
  constructor() {
    super('client aborted the upload');
    this.name = 'UploadAbortedError';
  }
}

/**
 * Streams the request body into the blob store and digests it in the same pass, chunk by chunk:
 * memory stays constant whatever the size. The request is piped, not put through `pipeline`,
 * because destroying a request destroys its socket and then no 413 could be answered.
 * On failure the blob store has kept nothing (its puts are atomic); the caller still deletes the
 * key, which is harmless when absent.
 */
export const stageUpload = async (
  request: IncomingMessage,
  blobs: BlobStore,
  key: string,
  maxBytes: number,
): Promise<Digest> => {
  const digesting = new DigestingTransform({ maxBytes });
  const onAborted = () => digesting.destroy(new UploadAbortedError());
  const onClose = () => {
    if (!request.complete) onAborted();
  };
  request.once('error', onAborted);
  request.once('aborted', onAborted);
  request.once('close', onClose);
  request.pipe(digesting);
  try {
    await blobs.put(key, digesting, { maxBytes });
    return digesting.digest();
  } catch (error) {
    if (isPackError(error, 'size_limit_exceeded') || isBlobTooLarge(error)) throw new UploadTooLargeError(maxBytes);
    if (!request.complete) throw new UploadAbortedError();
    throw error;
  } finally {
    request.unpipe(digesting);
    request.off('error', onAborted);
    request.off('aborted', onAborted);
    request.off('close', onClose);
  }
};
