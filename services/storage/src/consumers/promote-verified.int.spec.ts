import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { blobKeys, FsBlobStore } from '@market/blob-store';
import { type DecodedEvent, type EventOf, newEvent, streams } from '@market/contracts';
import { openEventStore } from '@market/event-store';
import { streamsOnly, tempDir } from '@market/testing';
import { PromotionDigestMismatchError, promoteVerified } from './promote-verified.js';

const dir = tempDir('promote-verified');
const store = await openEventStore(`sqlite:${join(dir.path, 'events.sqlite')}`);
afterAll(async () => {
  await store.close();
  dir.remove();
});
const fs = new FsBlobStore(join(dir.path, 'blobs'));
const streamsOnlyFs = streamsOnly(fs);

/** Stages `staged` for a submission that claims `claimed` bytes, and appends Submitted then Verified. */
const verified = async (staged: Buffer, claimed = staged) => {
  const name = `acme/pack-${randomUUID().slice(0, 8)}`;
  const stream = streams.package(name);
  const submissionId = randomUUID();
  const sha256 = createHash('sha256').update(claimed).digest('hex');
  const common = {
    submissionId,
    name,
    version: '1.0.0',
    sha256,
    size: claimed.length,
    blake3: sha256,
    keyId: 'ab'.repeat(8),
    signature: 'AAAA',
    stagingRef: blobKeys.staging(submissionId),
  };
  await fs.put(common.stagingRef, Readable.from([staged]));
  const manifest = {
    description: '',
    license: 'MIT',
    authors: ['Test'],
    keywords: [],
    categories: [],
    dependencies: {},
  };
  const events = [
    newEvent('PackageVersionSubmitted', stream, common, { actor: 'test' }),
    newEvent('PackageVersionVerified', stream, { ...common, manifest, files: [] }, { actor: 'test' }),
  ];
  const appended = await store.append(stream, events);
  const event = { ...events[1]!, position: appended.position, revision: 1n };
  return { event: event as EventOf<'PackageVersionVerified'> & DecodedEvent, sha256, stream };
};

describe.each([
  ['positional reads (filesystem)', fs],
  ['streams only', streamsOnlyFs],
])('promoteVerified, %s', (_how, blobs) => {
  it('promotes the staged bytes under their SHA-256, records them, then appends Stored', async () => {
    const bytes = randomBytes(3_000_000); // over one 1 MiB read
    const { event, sha256, stream } = await verified(bytes);
    const promoted: [string, number][] = [];
    await promoteVerified({ store, blobs, recordPromoted: (s, n) => promoted.push([s, n]) }, event);
    expect(promoted).toEqual([[sha256, bytes.length]]);
    const chunks: Buffer[] = [];
    for await (const chunk of await blobs.get(blobKeys.content(sha256))) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(await blobs.stat(event.data.stagingRef)).toBeNull();
    const types = (await store.readStream(stream)).map((e) => e.type);
    expect(types).toEqual(['PackageVersionSubmitted', 'PackageVersionVerified', 'PackageVersionStored']);
  });

  it('refuses bytes that no longer match the verified digest, and leaves no content blob or Stored', async () => {
    const { event, sha256, stream } = await verified(randomBytes(500), randomBytes(500));
    const error = await promoteVerified({ store, blobs, recordPromoted: () => undefined }, event).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PromotionDigestMismatchError);
    expect(await blobs.stat(blobKeys.content(sha256))).toBeNull();
    expect((await store.readStream(stream)).map((e) => e.type)).not.toContain('PackageVersionStored');
  });

  it('digests an empty blob', async () => {
    const { event, sha256 } = await verified(Buffer.alloc(0));
    await promoteVerified({ store, blobs, recordPromoted: () => undefined }, event);
    expect(await blobs.stat(blobKeys.content(sha256))).toEqual({ size: 0 });
  });
});
