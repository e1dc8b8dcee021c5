import type { Readable } from 'node:stream';
import type { Digest } from './digest.js';
import { DigestHasher } from './digest-hasher.js';

/** Digests a stream without holding it in memory. Rejects if the stream errors. */
export const digestStream = async (readable: Readable | AsyncIterable<Uint8Array | string>): Promise<Digest> => {
  const hasher = new DigestHasher();
  for await (const chunk of readable as AsyncIterable<Uint8Array | string>) {
    hasher.update(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return hasher.finish();
};
