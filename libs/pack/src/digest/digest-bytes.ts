import type { Digest } from './digest.js';
import { DigestHasher } from './digest-hasher.js';

export const digestBytes = (bytes: Uint8Array): Digest => {
  const hasher = new DigestHasher();
  hasher.update(bytes);
  return hasher.finish();
};
