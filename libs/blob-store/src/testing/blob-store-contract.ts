import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../blob-store.js';
import { BlobNotFoundError } from '../errors/blob-not-found-error.js';
import { BlobRangeError } from '../errors/blob-range-error.js';
import { BlobTooLargeError } from '../errors/blob-too-large-error.js';
import { InvalidBlobKeyError } from '../errors/invalid-blob-key-error.js';
import { HOSTILE_KEYS } from './hostile-keys.js';

export interface BlobStoreFixture {
  store: BlobStore;
  teardown(): Promise<void>;
}

export interface ContractOptions {
  /** A size that crosses the adapter's internal buffering (S3: more than one upload part). */
  largeBytes?: number;
}

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const read = async (store: BlobStore, key: string, range?: { start: number; end: number }) =>
  buffer(await store.get(key, range));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A body that yields `before`, then fails as a dropped client connection would. */
const failingBody = (before: Buffer) =>
  Readable.from(
    (async function* () {
      yield before;
      throw new Error('client went away');
    })(),
  );

/**
 * The behaviour every BlobStore adapter must have. Each test uses its own key prefix, so the
 * suite runs against one shared store (a temp dir, a fresh bucket).
 */
export function blobStoreContract(
  name: string,
  setup: () => Promise<BlobStoreFixture>,
  options: ContractOptions = {},
): void {
  const largeBytes = options.largeBytes ?? 3 * 1024 * 1024 + 17;

  describe(`BlobStore contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;
    const key = (suffix: string) => `contract/${randomUUID()}/${suffix}`;

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.teardown();
    });

    describe('round trip', () => {
      it('stores a streamed body and reads it back whole, with its size', async () => {
        const k = key('blob');
        const stat = await store.put(k, Readable.from([bytesOf('hello, '), bytesOf('blob '), bytesOf('store')]));
        expect(stat).toEqual({ size: 17 });
        expect(await store.stat(k)).toEqual({ size: 17 });
        expect((await read(store, k)).toString()).toBe('hello, blob store');
      });

      it('stores an empty blob', async () => {
        const k = key('empty');
        expect(await store.put(k, Readable.from([]))).toEqual({ size: 0 });
        expect(await store.stat(k)).toEqual({ size: 0 });
        expect((await read(store, k)).length).toBe(0);
      });

      it('streams a body larger than the adapter buffers at once', async () => {
        const k = key('large');
        const bytes = randomBytes(largeBytes);
        const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) =>
          bytes.subarray(i * 65_536, (i + 1) * 65_536),
        );
        expect(await store.put(k, Readable.from(chunks))).toEqual({ size: bytes.length });
        expect(sha(await read(store, k))).toBe(sha(bytes));
      });

      it('replaces a blob on a second put to the same key', async () => {
        const k = key('twice');
        await store.put(k, Readable.from([bytesOf('first version')]));
        await store.put(k, Readable.from([bytesOf('second')]));
        expect((await read(store, k)).toString()).toBe('second');
        expect(await store.stat(k)).toEqual({ size: 6 });
      });

      it('accepts the keys the system uses', async () => {
        const k = `staging/${randomUUID()}`;
        const c = `sha256/${sha(bytesOf(k))}`;
        await store.put(k, Readable.from([bytesOf('x')]));
        await store.copy(k, c);
        expect(await store.stat(c)).toEqual({ size: 1 });
      });
    });

    describe('ranges (inclusive)', () => {
      const content = '0123456789abcdef';
      let k: string;
      beforeAll(async () => {
        k = key('ranged');
        await store.put(k, Readable.from([bytesOf(content)]));
      });

      it.each([
        [0, 0, '0'],
        [0, 15, content],
        [3, 7, '34567'],
        [15, 15, 'f'],
        [10, 1_000, 'abcdef'],
      ])('bytes %i-%i', async (start, end, expected) => {
        expect((await read(store, k, { start, end })).toString()).toBe(expected);
      });

      it.each([
        [16, 20],
        [5, 4],
        [-1, 3],
      ])('refuses %i-%i with BlobRangeError', async (start, end) => {
        await expect(store.get(k, { start, end })).rejects.toBeInstanceOf(BlobRangeError);
      });

      it('a range of a missing blob is BlobNotFoundError', async () => {
        await expect(store.get(key('nothing'), { start: 0, end: 1 })).rejects.toBeInstanceOf(BlobNotFoundError);
      });
    });

    describe('atomic put', () => {
      it('a body that fails midway leaves nothing under the key', async () => {
        const k = key('aborted');
        await expect(store.put(k, failingBody(randomBytes(1024)))).rejects.toThrow('client went away');
        expect(await store.stat(k)).toBeNull();
        await expect(store.get(k)).rejects.toBeInstanceOf(BlobNotFoundError);
      });

      it('a body that fails after more than the adapter buffers leaves nothing', async () => {
        const k = key('aborted-large');
        await expect(store.put(k, failingBody(randomBytes(largeBytes)))).rejects.toThrow('client went away');
        expect(await store.stat(k)).toBeNull();
      });

      it('a failed put over an existing blob keeps the old blob intact', async () => {
        const k = key('kept');
        await store.put(k, Readable.from([bytesOf('the good bytes')]));
        await expect(store.put(k, failingBody(randomBytes(4096)))).rejects.toThrow('client went away');
        expect((await read(store, k)).toString()).toBe('the good bytes');
      });

      it('readers never see a blob while its put is still streaming', async () => {
        const k = key('in-flight');
        const body = new PassThrough();
        const putting = store.put(k, body);
        body.write(randomBytes(2048));
        await waitFor(() => body.readableLength === 0 && body.writableLength === 0);
        expect(await store.stat(k)).toBeNull();
        body.end(bytesOf('tail'));
        expect(await putting).toEqual({ size: 2052 });
        expect(await store.stat(k)).toEqual({ size: 2052 });
      });
    });

    describe('maxBytes', () => {
      it('a body over the limit is BlobTooLargeError and stores nothing', async () => {
        const k = key('too-large');
        const error = await store
          .put(k, Readable.from([randomBytes(600), randomBytes(600)]), { maxBytes: 1_000 })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BlobTooLargeError);
        expect(error).toMatchObject({ type: 'blob_too_large', maxBytes: 1_000 });
        expect(await store.stat(k)).toBeNull();
      });

      it('stops reading an endless body once past the limit', async () => {
        const k = key('endless');
        let produced = 0;
        const endless = new Readable({
          read() {
            produced += 65_536;
            this.push(Buffer.alloc(65_536));
          },
        });
        await expect(store.put(k, endless, { maxBytes: 100_000 })).rejects.toBeInstanceOf(BlobTooLargeError);
        expect(produced).toBeLessThan(1024 * 1024);
        expect(endless.destroyed).toBe(true);
        expect(await store.stat(k)).toBeNull();
      });

      it('a body of exactly maxBytes is stored', async () => {
        const k = key('exact');
        expect(await store.put(k, Readable.from([randomBytes(1_000)]), { maxBytes: 1_000 })).toEqual({ size: 1_000 });
      });

      it('an over-limit put keeps the blob already under the key', async () => {
        const k = key('kept-on-limit');
        await store.put(k, Readable.from([bytesOf('small')]));
        await expect(store.put(k, Readable.from([randomBytes(2_000)]), { maxBytes: 1_000 })).rejects.toBeInstanceOf(
          BlobTooLargeError,
        );
        expect((await read(store, k)).toString()).toBe('small');
      });
    });

    describe('copy', () => {
      it('copies a blob to another key, leaving the source', async () => {
        const from = key('from');
        const to = key('to');
        await store.put(from, Readable.from([bytesOf('promote me')]));
        await store.copy(from, to);
        expect((await read(store, to)).toString()).toBe('promote me');
        expect((await read(store, from)).toString()).toBe('promote me');
      });

      it('the copy is independent of later puts and deletes of the source', async () => {
        const from = key('from');
        const to = key('to');
        await store.put(from, Readable.from([bytesOf('original')]));
        await store.copy(from, to);
        await store.put(from, Readable.from([bytesOf('overwritten')]));
        expect((await read(store, to)).toString()).toBe('original');
        await store.delete(from);
        expect((await read(store, to)).toString()).toBe('original');
      });

      it('replaces an existing target', async () => {
        const from = key('from');
        const to = key('to');
        await store.put(to, Readable.from([bytesOf('old target')]));
        await store.put(from, Readable.from([bytesOf('new')]));
        await store.copy(from, to);
        expect((await read(store, to)).toString()).toBe('new');
      });

      it('copying a missing blob is BlobNotFoundError and creates nothing', async () => {
        const to = key('to');
        await expect(store.copy(key('absent'), to)).rejects.toBeInstanceOf(BlobNotFoundError);
        expect(await store.stat(to)).toBeNull();
      });
    });

    describe('delete', () => {
      it('removes a blob', async () => {
        const k = key('doomed');
        await store.put(k, Readable.from([bytesOf('bye')]));
        await store.delete(k);
        expect(await store.stat(k)).toBeNull();
        await expect(store.get(k)).rejects.toBeInstanceOf(BlobNotFoundError);
      });

      it('is idempotent and silent for a missing key', async () => {
        const k = key('never');
        await store.delete(k);
        await store.delete(k);
        expect(await store.stat(k)).toBeNull();
      });
    });

    describe('missing key', () => {
      it('get throws BlobNotFoundError with its type and key; stat is null', async () => {
        const k = key('missing');
        const error = await store.get(k).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BlobNotFoundError);
        expect(error).toMatchObject({ type: 'blob_not_found', key: k });
        expect(await store.stat(k)).toBeNull();
      });

      it('a key that is only a prefix of other blobs is missing', async () => {
        const k = key('parent');
        await store.put(`${k}/child`, Readable.from([bytesOf('c')]));
        expect(await store.stat(k)).toBeNull();
        await expect(store.get(k)).rejects.toBeInstanceOf(BlobNotFoundError);
      });
    });

    describe('hostile keys', () => {
      it.each(HOSTILE_KEYS.map((k) => [JSON.stringify(k).slice(0, 40), k]))(
        '%s is refused by every operation',
        async (_, bad) => {
          const good = key('good');
          await store.put(good, Readable.from([bytesOf('g')]));
          const refused = async (op: Promise<unknown>) => {
            const error = await op.catch((e: unknown) => e);
            expect(error).toBeInstanceOf(InvalidBlobKeyError);
            expect(error).toMatchObject({ type: 'invalid_blob_key' });
          };
          await refused(store.put(bad, Readable.from([bytesOf('evil')])));
          await refused(store.get(bad));
          await refused(store.stat(bad));
          await refused(store.copy(good, bad));
          await refused(store.copy(bad, good));
          await refused(store.delete(bad));
          expect((await read(store, good)).toString()).toBe('g');
        },
      );
    });
  });
}

/** Polls a condition with a deadline (never a blind sleep). */
async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
