import type { BlobStore } from './blob-store.js';

/** Up to this size a blob is worth reading in one positional read rather than streaming. */
export const WHOLE_READ_MAX_BYTES = 1024 * 1024;

/**
 * The whole blob in one buffer, read positionally, when the store reads that way (the filesystem
 * store) and the blob is at most `maxBytes`; undefined when it must be streamed with `get`
 * instead (a larger blob, a store without positional reads such as S3, or a blob that changed
 * while being read). For a pack of a few hundred bytes the stream machinery costs more than the
 * read. A missing blob throws BlobNotFoundError, as `get` does.
 */
export const readWholeIfSmall = async (
  blobs: BlobStore,
  key: string,
  maxBytes = WHOLE_READ_MAX_BYTES,
): Promise<Buffer | undefined> => {
  if (!blobs.openReader) return undefined;
  const reader = await blobs.openReader(key);
  try {
    if (reader.size > maxBytes) return undefined;
    const bytes = Buffer.allocUnsafe(reader.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = await reader.read(bytes.subarray(filled), bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    // A blob is written once and renamed into place, so a short read means it changed under us.
    return filled === bytes.length ? bytes : undefined;
  } finally {
    await reader.close();
  }
};
