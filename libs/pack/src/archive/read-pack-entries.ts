import type { Readable } from 'node:stream';
import type { Digest } from '../digest/digest.js';
import { ArchiveInvalidError } from '../errors/pack-error.js';
import { resolveLimits, tarStreamBudget, type ArchiveLimits } from './archive-limits.js';
import { ByteSource } from './byte-source.js';
import { gunzipSource, translateGunzipError } from './gunzip-source.js';
import { MANIFEST_PATH } from './pack-file.js';
import { collisionKey, pathProblem } from './pack-path.js';
import { quotePath, readTarEntries, type TarEntry } from './tar-reader.js';

export interface PackEntryReader {
  entries: AsyncGenerator<TarEntry>;
  /** Digest of the compressed archive; available once `entries` has completed. */
  digest(): Digest;
}

/**
 * The entries of a pack archive, each already checked against every rule that does not need
 * its content: safe path, no duplicates or case collisions, file/directory conflicts, limits.
 * Completing the iteration also proves the archive is well-formed to its end and has pack.toml.
 */
export const readPackEntries = (source: Buffer | Readable, limits: Partial<ArchiveLimits> = {}): PackEntryReader => {
  const resolved = resolveLimits(limits);
  const { chunks, digesting } = gunzipSource(source);
  const bytes = new ByteSource(chunks, tarStreamBudget(resolved), translateGunzipError);
  return { entries: checkedEntries(bytes, resolved), digest: () => digesting.digest() };
};

async function* checkedEntries(source: ByteSource, limits: ArchiveLimits): AsyncGenerator<TarEntry> {
  const layout = new LayoutCheck();
  let count = 0;
  let total = 0;
  try {
    for await (const entry of readTarEntries(source)) {
      const problem = pathProblem(entry.path);
      if (problem) throw new ArchiveInvalidError(`${quotePath(entry.path)}: ${problem}`);
      if (++count > limits.maxEntries) throw new ArchiveInvalidError(`more than ${limits.maxEntries} entries`);
      if (entry.size > limits.maxEntryBytes) {
        throw new ArchiveInvalidError(
          `${quotePath(entry.path)} is ${entry.size} bytes; the limit is ${limits.maxEntryBytes}`,
        );
      }
      total += entry.size;
      if (total > limits.maxTotalBytes)
        throw new ArchiveInvalidError(`files exceed ${limits.maxTotalBytes} bytes in total`);
      layout.add(entry.path, entry.type);
      yield entry;
    }
    if (!layout.hasFile(MANIFEST_PATH)) throw new ArchiveInvalidError(`no ${MANIFEST_PATH} at the archive root`);
  } finally {
    await source.close();
  }
}

/** Tracks which paths are files and which are directories (declared or implied by a child). */
class LayoutCheck {
  private readonly kinds = new Map<string, 'file' | 'directory'>();
  private readonly declared = new Set<string>();
  private readonly byKey = new Map<string, string>();

  hasFile(path: string): boolean {
    return this.kinds.get(path) === 'file';
  }

  add(path: string, type: 'file' | 'directory'): void {
    this.claim(path, type);
    if (this.declared.has(path)) throw new ArchiveInvalidError(`${quotePath(path)}: duplicate entry`);
    this.declared.add(path);
    // Walk up until an ancestor is already known as a directory: its own ancestors are too.
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const parent = path.slice(0, slash);
      if (this.kinds.get(parent) === 'directory') break;
      this.claim(parent, 'directory');
    }
  }

  private claim(path: string, type: 'file' | 'directory'): void {
    const existing = this.kinds.get(path);
    if (existing && existing !== type)
      throw new ArchiveInvalidError(`${quotePath(path)} is both a file and a directory`);
    if (existing) return;
    const key = collisionKey(path);
    const other = this.byKey.get(key);
    if (other !== undefined) {
      throw new ArchiveInvalidError(
        `${quotePath(path)} and ${quotePath(other)} collide on case-insensitive filesystems`,
      );
    }
    this.byKey.set(key, path);
    this.kinds.set(path, type);
  }
}
