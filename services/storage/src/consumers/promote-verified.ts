import type { DecodedEvent, EventOf } from '@market/contracts';
import { newEvent, streams } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import { blobKeys, readWholeIfSmall, type BlobStore } from '@market/blob-store';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export class PromotionDigestMismatchError extends Error {
  readonly type = 'promotion_digest_mismatch' as const;
}

/**
 * Verified → Stored. The staged bytes are promoted into the content-addressed area (one copy per
 * SHA-256: an existing digest is not written again) by a blob-store copy (a hard link on the
 * filesystem: the bytes were made durable when staged, so nothing is rewritten), re-digested
 * there, recorded as downloadable (`recordPromoted`), and only then is PackageVersionStored
 * appended: whoever observes Stored can download the blob. Idempotent: a redelivered Verified
 * whose Stored is already in the stream (same causation) does nothing.
 */
export const promoteVerified = async (
  deps: { store: EventStore; blobs: BlobStore; recordPromoted: (sha256: string, size: number) => void },
  event: EventOf<'PackageVersionVerified'> & DecodedEvent,
): Promise<void> => {
  const { store, blobs } = deps;
  const stream = streams.package(event.data.name);
  const history = await store.readStream(stream);
  if (
    history.some(
      (e) =>
        e.type === 'PackageVersionStored' && (e.metadata as { causationId?: string }).causationId === event.eventId,
    )
  ) {
    return;
  }
  const { sha256, size, submissionId } = event.data;
  const contentKey = blobKeys.content(sha256);
  const stagingKey = blobKeys.staging(submissionId);
  const existing = await blobs.stat(contentKey);
  const deduplicated = existing !== null && existing.size === size;
  if (!deduplicated) {
    await blobs.copy(stagingKey, contentKey);
    // A pack is small: one positional read, no stream (what most promotions cost).
    const whole = await readWholeIfSmall(blobs, contentKey);
    const digest = whole
      ? { sha256: createHash('sha256').update(whole).digest('hex'), size: whole.length }
      : await sha256Of(await blobs.get(contentKey));
    if (digest.sha256 !== sha256 || digest.size !== size) {
      await blobs.delete(contentKey);
      throw new PromotionDigestMismatchError(`staged bytes of ${submissionId} no longer match ${sha256}`);
    }
  }
  deps.recordPromoted(sha256, size);
  await store.append(
    stream,
    [
      newEvent(
        'PackageVersionStored',
        stream,
        { submissionId, name: event.data.name, version: event.data.version, sha256, size, deduplicated },
        {
          actor: 'service:storage',
          correlationId: event.correlationId,
          causationId: event.eventId,
          traceparent: event.traceparent,
        },
      ),
    ],
    { expectedRevision: 'stream_exists' },
  );
  await blobs.delete(stagingKey).catch(() => undefined);
};

/** SHA-256 only: the content key is the SHA-256 (verify already checked BLAKE3 on these bytes). */
const sha256Of = async (body: Readable): Promise<{ sha256: string; size: number }> => {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
};
