import type { Readable } from 'node:stream';
import { isBlobNotFound, InvalidBlobKeyError, readWholeIfSmall, type BlobStore } from '@market/blob-store';
import { digestBytes, digestStream, inspectPackArchive, isPackError, type ArchiveLimits } from '@market/pack';
import type { StagedArchive } from '../domain/staged-archive.js';

type Staged = { bytes: Buffer } | { stream: Readable };

/**
 * Reads the staged bytes and reports what they are, judging nothing. A good archive is read
 * once (inspection digests as it reads); only a broken one is read a second time, to digest it
 * to its end, because a digest mismatch outranks "not an archive" as a reason.
 * I/O failures other than "not there" are thrown: the bus retries them, they are no verdict.
 */
export async function examineStaged(
  blobs: BlobStore,
  stagingRef: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<StagedArchive> {
  let staged: Staged;
  try {
    staged = await openStaged(blobs, stagingRef);
  } catch (error) {
    if (isBlobNotFound(error)) return { kind: 'missing', detail: `no staged bytes at ${stagingRef}` };
    if (error instanceof InvalidBlobKeyError)
      return { kind: 'missing', detail: `staging reference is not a blob key: ${error.reason}` };
    throw error;
  }
  try {
    const inspection = await inspectPackArchive('bytes' in staged ? staged.bytes : staged.stream, limits);
    return {
      kind: 'read',
      digest: inspection.digest,
      archive: { ok: true, manifestText: inspection.manifestText, files: inspection.files },
    };
  } catch (error) {
    if (!isPackError(error, 'archive_invalid') && !isPackError(error, 'manifest_invalid')) throw error;
    const broken = { ok: false as const, code: error.code, detail: error.detail };
    if ('bytes' in staged) return { kind: 'read', digest: digestBytes(staged.bytes), archive: broken };
    staged.stream.destroy();
    const again = await blobs.get(stagingRef).catch((e: unknown) => {
      if (isBlobNotFound(e)) return null;
      throw e;
    });
    if (again === null) return { kind: 'missing', detail: `staged bytes at ${stagingRef} vanished while being read` };
    return { kind: 'read', digest: await digestStream(again), archive: broken };
  }
}

/**
 * The whole blob when it is small and the store reads positionally (most packs are a few KiB: the
 * read stream's machinery costs more than the read itself, examineStaged on a 251-byte pack, tsx:
 * ~590 us through a stream, ~460 us read whole), else a stream of it, in constant memory.
 */
const openStaged = async (blobs: BlobStore, key: string): Promise<Staged> => {
  const bytes = await readWholeIfSmall(blobs, key);
  return bytes ? { bytes } : { stream: await blobs.get(key) };
};
