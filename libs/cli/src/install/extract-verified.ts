import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { normalizePackageName } from '@market/contracts';
import { extractPackArchive, isPackError, parsePackToml } from '@market/pack';
import type { LockedPackage } from '../project/lockfile.js';
import { compareDigest, MarketError } from '../sdk.js';

/**
 * Extracts a cached archive into `<root>/<namespace>/<name>` with the pack lib's safe
 * extractor (no absolute paths, `..`, links, devices; size limits), and checks on the way
 * that the bytes read are still the signed ones (the cache file could change after it was
 * verified) and that the archive's own pack.toml names the same name@version.
 */
export const extractVerified = async (
  root: string,
  name: string,
  locked: LockedPackage,
  archivePath: string,
): Promise<void> => {
  const [ns, local] = name.split('/') as [string, string];
  const inspection = await extractPackArchive(createReadStream(archivePath), join(root, ns, local));
  const mismatch = compareDigest(locked, inspection.digest);
  if (mismatch)
    throw new MarketError(
      'cache_corrupt',
      0,
      `cached archive ${archivePath} of ${name}@${locked.version} changed while installing: it ${mismatch}`,
    );
  let manifest: { name: string; version: string };
  try {
    manifest = parsePackToml(inspection.manifestText);
  } catch (error) {
    if (isPackError(error))
      throw new MarketError(
        'archive_mismatch',
        0,
        `${name}@${locked.version}: its pack.toml is invalid (${error.detail})`,
      );
    throw error;
  }
  if (normalizePackageName(manifest.name) !== name || manifest.version !== locked.version) {
    throw new MarketError(
      'archive_mismatch',
      0,
      `the archive signed as ${name}@${locked.version} contains pack.toml for ${manifest.name}@${manifest.version}`,
    );
  }
};
