import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from '@market/testing';
import { describe, expect, it } from 'vitest';
import { isPackError } from '../errors/pack-error.js';
import { extractPackArchive } from './extract-pack-archive.js';
import { inspectPackArchive } from './inspect-pack-archive.js';

/**
 * Malicious and malformed tars from the test suites of node-tar, tar-fs, tar-rs and libarchive
 * (see the dataset's SOURCES.tsv). Read in place, never copied into the repository.
 */
const DATASET = '/work/shared/datasets/public-hostile-archives';

const samples = readdirSync(DATASET, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(DATASET, d.name)).map((name) => `${d.name}/${name}`))
  .sort();

/** Plain tars are also tried gzipped, so the tar parser sees them and not just the gzip check. */
const variants = samples.flatMap((sample) => {
  const bytes = readFileSync(join(DATASET, sample));
  return sample.endsWith('.gz')
    ? [{ name: sample, bytes }]
    : [
        { name: `${sample} (as is)`, bytes },
        { name: `${sample} (gzipped)`, bytes: gzipSync(bytes) },
      ];
});

describe('public hostile archives', () => {
  it('are all present', () => {
    expect(samples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(variants.map((v) => [v.name, v.bytes] as const))(
    '%s is refused by inspect and by extract',
    async (_name, bytes) => {
      const inspectError = await inspectPackArchive(bytes).catch((e: unknown) => e);
      expect(isPackError(inspectError, 'archive_invalid')).toBe(true);

      const root = tempDir('pack-hostile');
      try {
        const extractError = await extractPackArchive(bytes, join(root.path, 'out')).catch((e: unknown) => e);
        expect(isPackError(extractError, 'archive_invalid')).toBe(true);
        expect((extractError as Error).message).toBe((inspectError as Error).message);
        expect(readdirSync(root.path)).toEqual([]);
      } finally {
        root.remove();
      }
    },
  );
});
