import type { Readable } from 'node:stream';
import type { Digest } from '../digest/digest.js';
import type { ArchiveLimits } from './archive-limits.js';
import { MANIFEST_PATH, type PackFile } from './pack-file.js';
import { readManifestText } from './read-manifest-text.js';
import { readPackEntries } from './read-pack-entries.js';

export interface PackArchiveInspection {
  /** pack.toml as text; parse it with parsePackToml. */
  manifestText: string;
  /** Regular files in archive order. */
  files: PackFile[];
  /** Digest of the compressed archive as read, so verify needs one pass only. */
  digest: Digest;
}

/** Reads a whole archive without writing anything, enforcing every rule extraction would. */
export const inspectPackArchive = async (
  source: Buffer | Readable,
  limits: Partial<ArchiveLimits> = {},
): Promise<PackArchiveInspection> => {
  const reader = readPackEntries(source, limits);
  const files: PackFile[] = [];
  let manifest = '';
  for await (const entry of reader.entries) {
    if (entry.type !== 'file') continue;
    files.push({ path: entry.path, size: entry.size });
    if (entry.path === MANIFEST_PATH) manifest = await readManifestText(entry);
  }
  return { manifestText: manifest, files, digest: reader.digest() };
};
