import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveInvalidError, PackError } from '../errors/pack-error.js';
import type { ArchiveLimits } from './archive-limits.js';
import type { PackArchiveInspection } from './inspect-pack-archive.js';
import { MANIFEST_PATH, type PackFile } from './pack-file.js';
import { normalizedMode } from './pack-path.js';
import { readManifestText } from './read-manifest-text.js';
import { readPackEntries } from './read-pack-entries.js';
import { quotePath, type TarEntry } from './tar-reader.js';

// O_EXCL: never reuse an existing file; O_NOFOLLOW: never write through a link.
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Extracts a pack archive into `targetDir`, which must not exist or be empty. Everything is
 * written into a fresh sibling temp directory that is renamed into place only once the whole
 * archive has been read and checked, so a rejected archive leaves nothing behind.
 */
export const extractPackArchive = async (
  source: Buffer | Readable,
  targetDir: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<PackArchiveInspection> => {
  const target = resolve(targetDir);
  const replaceEmptyDir = await checkTarget(target);
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(join(dirname(target), `.${basename(target)}.extracting-`));
  try {
    const reader = readPackEntries(source, limits);
    const files: PackFile[] = [];
    let manifest = '';
    for await (const entry of reader.entries) {
      const destination = insideStaging(staging, entry.path);
      if (entry.type === 'directory') {
        await mkdir(destination, { recursive: true, mode: 0o755 });
        continue;
      }
      files.push({ path: entry.path, size: entry.size });
      if (entry.path === MANIFEST_PATH) {
        manifest = await readManifestText(entry);
        await writeFile(destination, entry, [Buffer.from(manifest, 'utf8')]);
      } else {
        await writeFile(destination, entry, entry.body());
      }
    }
    const digest = reader.digest();
    if (replaceEmptyDir) await rmdir(target);
    await rename(staging, target);
    return { manifestText: manifest, files, digest };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
};

/** True when the target is an existing empty directory (it gets replaced). */
const checkTarget = async (target: string): Promise<boolean> => {
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!existing) return false;
  if (!existing.isDirectory() || (await readdir(target)).length > 0) {
    throw new PackError('extract_target_exists', `${target} exists and is not an empty directory`);
  }
  return true;
};

/** Paths were validated already; this is the last line of defence against an escape. */
const insideStaging = (staging: string, path: string): string => {
  const destination = join(staging, ...path.split('/'));
  const rel = relative(staging, destination);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new ArchiveInvalidError(`${quotePath(path)} resolves outside the target directory`);
  }
  return destination;
};

const writeFile = async (
  destination: string,
  entry: TarEntry,
  body: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<void> => {
  await mkdir(dirname(destination), { recursive: true, mode: 0o755 });
  const mode = normalizedMode('file', entry.mode);
  const handle = await open(destination, CREATE_FLAGS, mode).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') {
      throw new ArchiveInvalidError(`${quotePath(entry.path)} collides with another entry on this filesystem`);
    }
    throw error;
  });
  try {
    for await (const chunk of body) await handle.write(chunk);
    await handle.chmod(mode); // the umask may have narrowed it
  } finally {
    await handle.close();
  }
};
