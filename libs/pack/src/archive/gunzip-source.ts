import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ArchiveInvalidError } from '../errors/pack-error.js';
import { DigestingTransform } from '../digest/digesting-transform.js';

export interface GunzipSource {
  chunks: AsyncIterable<Buffer>;
  /** Digest of the compressed bytes, complete once `chunks` has ended. */
  digesting: DigestingTransform;
}

/**
 * Decompresses a buffer or a stream, digesting the compressed bytes on the way (verify gets
 * the archive's digest from the same pass). pipeline() ties the stages: when the reader stops
 * early, the source stream is destroyed too.
 */
export const gunzipSource = (source: Buffer | Readable): GunzipSource => {
  const digesting = new DigestingTransform();
  const gunzip = createGunzip();
  if (Buffer.isBuffer(source)) {
    digesting.pipe(gunzip);
    digesting.end(source);
  } else {
    pipeline(source, digesting, gunzip, () => {});
  }
  return { chunks: gunzip, digesting };
};

/**
 * zlib's failures are the archive's fault (`archive_invalid`); anything else (the source
 * stream failing to read) is not, and keeps its own error so the caller can retry.
 */
export const translateGunzipError = (error: unknown): unknown => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    const message = (error as Error).message;
    const detail = message === 'incorrect header check' ? 'not a gzip stream' : `gzip: ${message}`;
    return new ArchiveInvalidError(detail, { cause: error });
  }
  return error;
};
