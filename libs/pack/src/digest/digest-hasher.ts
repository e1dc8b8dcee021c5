import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { blake3 } from '@noble/hashes/blake3.js';
import type { Digest } from './digest.js';

interface IncrementalHash {
  update(chunk: Uint8Array): void;
  digestHex(): string;
}

/**
 * BLAKE3 from @napi-rs/blake-hash (native, ~2 GB/s here, its binary ships inside the npm package)
 * and the pure-JS @noble/hashes implementation (~30 MB/s) only where the native one cannot load.
 */
const nativeBlake3 = (() => {
  try {
    const { Blake3Hasher } = createRequire(import.meta.url)('@napi-rs/blake-hash') as {
      Blake3Hasher: new () => { update(input: Uint8Array): unknown; digest(format: 'hex'): string };
    };
    return Blake3Hasher;
  } catch {
    return undefined;
  }
})();

const createBlake3 = (): IncrementalHash => {
  if (nativeBlake3) {
    const h = new nativeBlake3();
    return { update: (chunk) => void h.update(chunk), digestHex: () => h.digest('hex') };
  }
  const h = blake3.create();
  return { update: (chunk) => void h.update(chunk), digestHex: () => Buffer.from(h.digest()).toString('hex') };
};

/** Feeds both hashes from one pass over the bytes. */
export class DigestHasher {
  private readonly sha = createHash('sha256');
  private readonly b3 = createBlake3();
  private bytes = 0;
  private result: Digest | undefined;

  get size(): number {
    return this.bytes;
  }

  update(chunk: Uint8Array): void {
    if (this.result) throw new Error('DigestHasher: update after finish');
    this.sha.update(chunk);
    this.b3.update(chunk);
    this.bytes += chunk.byteLength;
  }

  finish(): Digest {
    this.result ??= {
      sha256: this.sha.digest('hex'),
      blake3: this.b3.digestHex(),
      size: this.bytes,
    };
    return this.result;
  }
}
