import { isBlobNotFound, InvalidBlobKeyError, type BlobStore } from '@market/blob-store';
import { digestStream, inspectPackArchive, isPackError, type ArchiveLimits } from '@market/pack';
import type { StagedArchive } from '../domain/staged-archive.js';

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
  let body;
  try {
    body = await blobs.get(stagingRef);
  } catch (error) {
    if (isBlobNotFound(error)) return { kind: 'missing', detail: `no staged bytes at ${stagingRef}` };
    if (error instanceof InvalidBlobKeyError)
      return { kind: 'missing', detail: `staging reference is not a blob key: ${error.reason}` };
    throw error;
  }
  try {
    const inspection = await inspectPackArchive(body, limits);
    return {
      kind: 'read',
      digest: inspection.digest,
      archive: { ok: true, manifestText: inspection.manifestText, files: inspection.files },
    };
  } catch (error) {
    body.destroy();
    if (!isPackError(error, 'archive_invalid') && !isPackError(error, 'manifest_invalid')) throw error;
    const again = await blobs.get(stagingRef).catch((e: unknown) => {
      if (isBlobNotFound(e)) return null;
      throw e;
    });
    if (again === null) return { kind: 'missing', detail: `staged bytes at ${stagingRef} vanished while being read` };
    return {
      kind: 'read',
      digest: await digestStream(again),
      archive: { ok: false, code: error.code, detail: error.detail },
    };
  }
}
