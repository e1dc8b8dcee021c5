import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestingTransform, digestStream, isPackError, type Digest } from '@market/pack';
import { MarketError } from '../errors/market-error.js';

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Archives by SHA-256 under `<root>/sha256/<2 hex>/<hex>.tgz`. Nothing enters the cache
 * unverified: bytes stream to a temp file in the cache while SHA-256, BLAKE3 and size are
 * computed, and the file is renamed into place only when all three match what was signed.
 */
export class ContentCache {
  constructor(readonly root: string) {}

  pathFor(sha256: string): string {
    if (!HEX64.test(sha256)) throw new MarketError('invalid_argument', 0, `"${sha256}" is not a SHA-256 hex digest`);
    return join(this.root, 'sha256', sha256.slice(0, 2), `${sha256}.tgz`);
  }

  /** Whether a file is cached for this digest (its content is checked when it is read). */
  async has(sha256: string): Promise<boolean> {
    const info = await stat(this.pathFor(sha256)).catch(() => undefined);
    return info?.isFile() ?? false;
  }

  /**
   * Streams `source` into the cache, failing with `digest_mismatch` (and keeping nothing) if the
   * bytes are not exactly `expected`; more bytes than `expected.size` stop the download early.
   */
  async store(source: AsyncIterable<Uint8Array>, expected: Digest, onBytes?: (n: number) => void): Promise<string> {
    const target = this.pathFor(expected.sha256);
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${expected.sha256.slice(0, 16)}-${randomBytes(6).toString('hex')}`);
    const digesting = new DigestingTransform({ maxBytes: expected.size });
    if (onBytes) digesting.on('data', (chunk: Buffer) => onBytes(chunk.length));
    try {
      await pipeline(
        Readable.from(source, { objectMode: false }),
        digesting,
        createWriteStream(tmp, { flags: 'wx', mode: 0o644 }),
      );
      const actual = digesting.digest();
      const mismatch = compareDigest(expected, actual);
      if (mismatch) throw new MarketError('digest_mismatch', 0, `downloaded archive ${mismatch}`);
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
      return target;
    } catch (error) {
      await rm(tmp, { force: true });
      if (isPackError(error, 'size_limit_exceeded')) {
        throw new MarketError(
          'digest_mismatch',
          0,
          `downloaded archive is larger than the ${expected.size} bytes that were signed`,
        );
      }
      throw error;
    }
  }

  /** Re-reads a cached archive and checks it still is what was signed (`cache_corrupt` if not). */
  async verify(expected: Digest): Promise<string> {
    const path = this.pathFor(expected.sha256);
    const actual = await digestStream(createReadStream(path));
    const mismatch = compareDigest(expected, actual);
    if (mismatch) throw new MarketError('cache_corrupt', 0, `cached archive ${path} ${mismatch}`);
    return path;
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathFor(sha256), { force: true });
  }
}

/** Which of size, SHA-256, BLAKE3 differs (in that order), or undefined when all match. */
export const compareDigest = (expected: Digest, actual: Digest): string | undefined => {
  if (actual.size !== expected.size) return `has ${actual.size} bytes, expected ${expected.size}`;
  if (actual.sha256 !== expected.sha256) return `has SHA-256 ${actual.sha256}, expected ${expected.sha256}`;
  if (actual.blake3 !== expected.blake3) return `has BLAKE3 ${actual.blake3}, expected ${expected.blake3}`;
  return undefined;
};
