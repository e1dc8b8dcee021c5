import { Readable } from 'node:stream';

/**
 * At most `length` bytes of `source`, then it is released. A server that answers more than the
 * range asked for (s3rver reads `bytes=0-0` as "from 0 to the end") must not leak extra bytes.
 */
export function takeBytes(source: Readable, length: number): Readable {
  return Readable.from(
    (async function* () {
      let left = length;
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          if (chunk.length >= left) {
            yield chunk.subarray(0, left);
            return;
          }
          left -= chunk.length;
          yield chunk;
        }
      } finally {
        source.destroy();
      }
    })(),
    { objectMode: false },
  );
}
