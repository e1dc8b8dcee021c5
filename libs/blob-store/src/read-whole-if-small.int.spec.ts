import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { streamsOnly, tempDir } from '@market/testing';
import { BlobNotFoundError } from './errors/blob-not-found-error.js';
import { FsBlobStore } from './fs/fs-blob-store.js';
import { readWholeIfSmall } from './read-whole-if-small.js';

describe('readWholeIfSmall (real files)', () => {
  const dir = tempDir('read-whole');
  const blobs = new FsBlobStore(dir.path);
  afterAll(() => dir.remove());
  const put = (key: string, bytes: Buffer) => blobs.put(key, Readable.from([bytes]));

  it('reads a blob up to the limit whole, an empty one included', async () => {
    await put('content/sha256/aa/small', Buffer.from('a pack of a few bytes'));
    await put('content/sha256/aa/empty', Buffer.alloc(0));
    expect((await readWholeIfSmall(blobs, 'content/sha256/aa/small', 21))?.toString()).toBe('a pack of a few bytes');
    expect(await readWholeIfSmall(blobs, 'content/sha256/aa/empty')).toEqual(Buffer.alloc(0));
  });

  it('leaves a blob over the limit, and any blob of a store without positional reads, to streaming', async () => {
    await put('content/sha256/aa/large', Buffer.alloc(22, 1));
    expect(await readWholeIfSmall(blobs, 'content/sha256/aa/large', 21)).toBeUndefined();
    expect(await readWholeIfSmall(streamsOnly(blobs), 'content/sha256/aa/small')).toBeUndefined();
  });

  it('reports a missing blob as get does', async () => {
    await expect(readWholeIfSmall(blobs, 'content/sha256/aa/missing')).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});
