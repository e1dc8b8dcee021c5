import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyLockfile, LOCKFILE, parseLockfile, type Lockfile } from './lockfile.js';
import { parseProjectManifest, PROJECT_MANIFEST, type ProjectManifest } from './project-manifest.js';

/** The installed packs live here, one directory per pack: `market_packs/<namespace>/<name>`. */
export const PACKS_DIR = 'market_packs';

const readIfExists = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

export interface ProjectFiles {
  dir: string;
  manifest: ProjectManifest;
  manifestExists: boolean;
  lock: Lockfile | undefined;
}

export const readProject = async (dir: string): Promise<ProjectFiles> => {
  const manifestText = await readIfExists(join(dir, PROJECT_MANIFEST));
  const lockText = await readIfExists(join(dir, LOCKFILE));
  return {
    dir,
    manifest: manifestText === undefined ? { dependencies: {} } : parseProjectManifest(manifestText),
    manifestExists: manifestText !== undefined,
    lock: lockText === undefined ? undefined : parseLockfile(lockText),
  };
};

export const lockOrEmpty = (project: ProjectFiles): Lockfile =>
  project.lock ?? emptyLockfile(project.manifest.dependencies);
