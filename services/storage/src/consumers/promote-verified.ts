import type { DecodedEvent, EventOf } from '@market/contracts';
import { newEvent, streams } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import { blobKeys, type BlobStore } from '@market/blob-store';
import { DigestingTransform } from '@market/pack';

export class PromotionDigestMismatchError extends Error {
  readonly type = 'promotion_digest_mismatch' as const;
}

/**
 * Verified → Stored. The staged bytes are re-digested while they are promoted into the
 * content-addressed area (one copy per SHA-256: an existing digest is not written again), then
 * PackageVersionStored is appended to the package's stream. Idempotent: a redelivered Verified
 * whose Stored is already in the stream (same causation) does nothing.
 */
export const promoteVerified = async (
  deps: { store: EventStore; blobs: BlobStore },
  event: EventOf<'PackageVersionVerified'> & DecodedEvent,
): Promise<void> => {
  const { store, blobs } = deps;
  const stream = streams.package(event.data.name);
  const history = await store.readStream(stream);
  if (history.some((e) => e.type === 'PackageVersionStored' && (e.metadata as { causationId?: string }).causationId === event.eventId)) {
    return;
  }
  const { sha256, size, submissionId } = event.data;
  const contentKey = blobKeys.content(sha256);
  const stagingKey = blobKeys.staging(submissionId);
  const existing = await blobs.stat(contentKey);
  const deduplicated = existing !== null && existing.size === size;
  if (!deduplicated) {
    const digesting = new DigestingTransform();
    const source = await blobs.get(stagingKey);
    await blobs.put(contentKey, source.pipe(digesting), { maxBytes: size });
    const digest = digesting.digest();
    if (digest.sha256 !== sha256 || digest.size !== size) {
      await blobs.delete(contentKey);
      throw new PromotionDigestMismatchError(`staged bytes of ${submissionId} no longer match ${sha256}`);
    }
  }
  await store.append(
    stream,
    [
      newEvent(
        'PackageVersionStored',
        stream,
        { submissionId, name: event.data.name, version: event.data.version, sha256, size, deduplicated },
        { actor: 'service:storage', correlationId: event.correlationId, causationId: event.eventId, traceparent: event.traceparent },
      ),
    ],
    { expectedRevision: 'stream_exists' },
  );
  await blobs.delete(stagingKey).catch(() => undefined);
};

