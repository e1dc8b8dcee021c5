import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreContract } from '../testing/blob-store-contract.js';
import { BlobNotFoundError } from '../errors/blob-not-found-error.js';
import { FsBlobStore } from './fs-blob-store.js';

blobStoreContract('FsBlobStore', async () => {
  const root = await mkdtemp(join(tmpdir(), 'fs-blob-store-'));
  return { store: new FsBlobStore(root), teardown: () => rm(root, { recursive: true, force: true }) };
});

describe('FsBlobStore on disk', () => {
  let parent: string;
  let store: FsBlobStore;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'fs-blob-store-disk-'));
    store = new FsBlobStore(join(parent, 'root'));
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('keeps a blob as a file named by its key under the root', async () => {
    await store.put('sha256/abc', Readable.from([Buffer.from('bytes')]));
    expect((await stat(join(parent, 'root', 'sha256', 'abc'))).size).toBe(5);
  });

  it('leaves no temp files behind after failed and too-large puts', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(10);
        throw new Error('boom');
      })(),
    );
    await expect(store.put('staging/failed', failing)).rejects.toThrow('boom');
    await expect(store.put('staging/big', Readable.from([Buffer.alloc(50)]), { maxBytes: 10 })).rejects.toThrow();
    expect(await readdir(join(parent, 'root', 'staging'))).toEqual([]);
  });

  it('lands every one of many concurrent puts and copies into one (new) directory, sharing directory syncs', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `burst/blob-${i}`);
    await Promise.all(keys.map((key, i) => store.put(key, Readable.from([Buffer.from(`content ${i}`)]))));
    await Promise.all(keys.map((key, i) => store.copy(key, `burst-copy/blob-${i}`)));
    for (const [i, key] of keys.entries()) {
      for (const k of [key, `burst-copy/blob-${i}`]) {
        const chunks: Buffer[] = [];
        for await (const chunk of await store.get(k)) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).toString()).toBe(`content ${i}`);
      }
    }
    expect((await readdir(join(parent, 'root', 'burst'))).sort()).toEqual(
      keys.map((k) => k.slice('burst/'.length)).sort(),
    );
  });

  it('copies by hard link when source and target share a file system', async () => {
    await store.put('staging/s1', Readable.from([Buffer.from('promote')]));
    await store.copy('staging/s1', 'sha256/s1');
    const [a, b] = await Promise.all([stat(store.pathOf('staging/s1')), stat(store.pathOf('sha256/s1'))]);
    expect(b.ino).toBe(a.ino);
  });

  it('writes nothing outside its root for hostile keys', async () => {
    await expect(store.put('../outside', Readable.from([Buffer.from('x')]))).rejects.toThrow();
    expect(await readdir(parent)).toEqual(['root']);
  });

  it("reads a blob at any offset into the caller's buffer, and refuses missing keys and directories", async () => {
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    await store.put('sha256/positional', Readable.from([bytes]));
    const reader = await store.openReader('sha256/positional');
    try {
      expect(reader.size).toBe(5000);
      const buffer = Buffer.alloc(1024);
      expect(await reader.read(buffer, 1024, 4500)).toBe(500);
      expect(buffer.subarray(0, 500).equals(bytes.subarray(4500))).toBe(true);
      expect(await reader.read(buffer, 100, 17)).toBe(100);
      expect(buffer.subarray(0, 100).equals(bytes.subarray(17, 117))).toBe(true);
      expect(await reader.read(buffer, 1024, 5000)).toBe(0);
    } finally {
      await reader.close();
    }
    await expect(store.openReader('sha256/missing')).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.openReader('sha256')).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});
