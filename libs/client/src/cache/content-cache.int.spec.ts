import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { digestBytes } from '@market/pack';
import { tempDir } from '@market/testing';
import { isMarketError } from '../errors/market-error.js';
import { ContentCache } from './content-cache.js';

const chunks = async function* (bytes: Buffer, size = 7) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
};

describe('ContentCache (real files)', () => {
  const dir = tempDir('market-cache');
  const cache = new ContentCache(dir.path);
  afterAll(() => dir.remove());

  it('stores streamed bytes under their digest, and reads them back verified', async () => {
    const bytes = Buffer.from('a pack archive, pretend it is gzip');
    const digest = digestBytes(bytes);
    let seen = 0;
    const path = await cache.store(chunks(bytes), digest, (n) => (seen += n));
    expect(path).toBe(join(dir.path, 'sha256', digest.sha256.slice(0, 2), `${digest.sha256}.tgz`));
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(seen).toBe(bytes.length);
    expect(await cache.has(digest.sha256)).toBe(true);
    expect(await cache.verify(digest)).toBe(path);
  });

  it('keeps nothing when any byte differs from what was signed (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (raw, at, flip) => {
          const signed = Buffer.from(raw);
          const served = Buffer.from(signed);
          served[at % served.length] = served[at % served.length]! ^ flip;
          const failure = await cache.store(chunks(served), digestBytes(signed)).catch((e: unknown) => e);
          expect(isMarketError(failure, 'digest_mismatch')).toBe(true);
          expect(await cache.has(digestBytes(signed).sha256)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
    expect(readdirSync(join(dir.path, 'tmp'))).toEqual([]);
  });

  it('stops a download that runs past the signed size, and refuses a short one', async () => {
    const signed = Buffer.from('exactly these bytes');
    const longer = Buffer.concat([signed, Buffer.alloc(1024 * 1024)]);
    const tooLong = await cache.store(chunks(longer, 4096), digestBytes(signed)).catch((e: unknown) => e);
    expect(isMarketError(tooLong, 'digest_mismatch') && tooLong.detail).toMatch(/larger than the 19 bytes/);
    const short = await cache.store(chunks(signed.subarray(0, 5)), digestBytes(signed)).catch((e: unknown) => e);
    expect(isMarketError(short, 'digest_mismatch') && short.detail).toMatch(/has 5 bytes, expected 19/);
  });

  it('notices a cached file changed on disk (cache_corrupt)', async () => {
    const bytes = Buffer.from('cached then tampered');
    const digest = digestBytes(bytes);
    const path = await cache.store(chunks(bytes), digest);
    writeFileSync(path, 'cached then tamperex');
    const failure = await cache.verify(digest).catch((e: unknown) => e);
    expect(isMarketError(failure, 'cache_corrupt') && failure.detail).toMatch(/SHA-256/);
  });

  it('refuses a path that is not a digest', () => {
    expect(() => cache.pathFor('../../etc/passwd')).toThrow(/not a SHA-256/);
  });
});
