import { createHash } from 'node:crypto';
import { blake3 } from '@noble/hashes/blake3.js';
import type { Digest } from './digest.js';

/**
 * BLAKE3 is pure JS (@noble/hashes, ~30 MB/s here). A native hasher (@napi-rs/blake-hash,
 * ~2 GB/s) was tried, but its per-platform packages are not all on the registry this project
 * installs from, so `npm ci` refuses the lockfile: see the closing note of issue 3.
 * Feeds both hashes from one pass over the bytes.
 */
export class DigestHasher {
  private readonly sha = createHash('sha256');
  private readonly b3 = blake3.create();
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
      blake3: Buffer.from(this.b3.digest()).toString('hex'),
      size: this.bytes,
    };
    return this.result;
  }
}
