import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PackError } from '../errors/pack-error.js';
import { resolveLimits, type ArchiveLimits } from './archive-limits.js';
import { MANIFEST_PATH } from './pack-file.js';
import { collisionKey, compareByteOrder, normalizedMode, pathProblem } from './pack-path.js';

export interface PackTreeEntry {
  path: string;
  type: 'file' | 'directory';
  /** Already normalised: 0755 or 0644. */
  mode: number;
  size: number;
  absolutePath: string;
}

/** Version-control metadata never belongs in a pack. */
const EXCLUDED_NAMES = new Set(['.git']);

const refuse = (detail: string) => new PackError('pack_dir_invalid', detail);

const unreadable =
  (path: string) =>
  (error: unknown): never => {
    throw new PackError('pack_dir_invalid', `cannot read "${path}": ${(error as Error).message}`, { cause: error });
  };

/**
 * Every file and directory of a pack directory in canonical (byte) order. Refuses what the
 * readers would refuse, so a pack that builds here is never rejected for its shape later.
 */
export const listPackTree = async (dir: string, limits: Partial<ArchiveLimits> = {}): Promise<PackTreeEntry[]> => {
  const { maxEntries, maxEntryBytes, maxTotalBytes } = resolveLimits(limits);
  const rootStat = await lstat(dir).catch(unreadable(dir));
  if (!rootStat.isDirectory()) throw refuse(`${dir} is not a directory`);

  const entries: PackTreeEntry[] = [];
  const seen = new Map<string, string>();
  let total = 0;

  const walk = async (absoluteDir: string, relativeDir: string): Promise<void> => {
    for (const name of await readdir(absoluteDir).catch(unreadable(relativeDir || '.'))) {
      if (EXCLUDED_NAMES.has(name)) continue;
      const path = relativeDir === '' ? name : `${relativeDir}/${name}`;
      const problem = pathProblem(path);
      if (problem) throw refuse(`${JSON.stringify(path)}: ${problem}`);
      const key = collisionKey(path);
      const other = seen.get(key);
      if (other !== undefined) throw refuse(`"${path}" and "${other}" collide on case-insensitive filesystems`);
      seen.set(key, path);

      const absolutePath = join(absoluteDir, name);
      const stat = await lstat(absolutePath).catch(unreadable(path));
      if (stat.isSymbolicLink()) throw refuse(`"${path}" is a symbolic link; packs hold regular files only`);
      if (stat.isDirectory()) {
        entries.push({ path, type: 'directory', mode: normalizedMode('directory', stat.mode), size: 0, absolutePath });
        await walk(absolutePath, path);
      } else if (stat.isFile()) {
        if (stat.size > maxEntryBytes) throw refuse(`"${path}" is ${stat.size} bytes; the limit is ${maxEntryBytes}`);
        total += stat.size;
        if (total > maxTotalBytes) throw refuse(`files exceed ${maxTotalBytes} bytes in total`);
        entries.push({ path, type: 'file', mode: normalizedMode('file', stat.mode), size: stat.size, absolutePath });
      } else {
        throw refuse(`"${path}" is not a regular file or directory`);
      }
      if (entries.length > maxEntries) throw refuse(`more than ${maxEntries} files and directories`);
    }
  };
  await walk(dir, '');

  const manifest = entries.find((entry) => entry.path === MANIFEST_PATH);
  if (manifest?.type !== 'file') throw refuse(`no ${MANIFEST_PATH} file at the root of ${dir}`);
  return entries.sort((a, b) => compareByteOrder(a.path, b.path));
};
