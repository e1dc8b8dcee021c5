import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPackError } from '../errors/pack-error.js';
import { digestBytes } from './digest-bytes.js';
import { digestStream } from './digest-stream.js';
import { DigestingTransform } from './digesting-transform.js';

const ABC = {
  sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  blake3: '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85',
  size: 3,
};

const chunked = (bytes: Uint8Array, cuts: number[]): Buffer[] => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    out.push(Buffer.from(bytes.subarray(start, point)));
    start = point;
  }
  return out;
};

describe('digests', () => {
  it('match the published test vectors', async () => {
    expect(digestBytes(Buffer.from('abc'))).toEqual(ABC);
    expect(await digestStream(Readable.from([Buffer.from('a'), Buffer.from('bc')]))).toEqual(ABC);
  });

  it('do not depend on how the bytes are chunked (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (bytes, cuts) => {
          const expected = digestBytes(bytes);
          expect(await digestStream(Readable.from(chunked(bytes, cuts)))).toEqual(expected);
          const digesting = new DigestingTransform();
          const seen: Buffer[] = [];
          await pipeline(Readable.from(chunked(bytes, cuts)), digesting, async (source: AsyncIterable<Buffer>) => {
            for await (const chunk of source) seen.push(chunk);
          });
          expect(Buffer.concat(seen).equals(Buffer.from(bytes))).toBe(true);
          expect(digesting.digest()).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('DigestingTransform refuses to report before the stream ended', () => {
    expect(() => new DigestingTransform().digest()).toThrow(/before the stream ended/);
  });

  it('DigestingTransform fails with size_limit_exceeded past maxBytes', async () => {
    const digesting = new DigestingTransform({ maxBytes: 4 });
    const failure = await pipeline(
      Readable.from([Buffer.from('abc'), Buffer.from('de')]),
      digesting,
      async (s: AsyncIterable<Buffer>) => {
        for await (const _ of s);
      },
    ).catch((error: unknown) => error);
    expect(isPackError(failure, 'size_limit_exceeded')).toBe(true);
  });

  it('digestStream rejects when the stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(digestStream(failing)).rejects.toThrow('disk gone');
  });
});
