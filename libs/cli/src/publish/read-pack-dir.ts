import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createPackArchive, MANIFEST_PATH, parsePackToml, type PackArchive } from '@market/pack';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';

export interface LocalPack {
  dir: string;
  name: string;
  version: string;
  dependencies: Record<string, string>;
  archive: PackArchive;
}

/** pack.toml parsed (strictly) and the deterministic archive of the directory. */
export const readPackDir = async (cwd: string, dir: string): Promise<LocalPack> => {
  const absolute = resolve(cwd, dir);
  let text: string;
  try {
    text = await readFile(join(absolute, MANIFEST_PATH), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(
        'pack_toml_missing',
        `${absolute} has no pack.toml`,
        EXIT.localFile,
        'create one with `market init`',
      );
    }
    throw error;
  }
  const { name, version, manifest } = parsePackToml(text);
  const archive = await createPackArchive(absolute);
  return { dir: absolute, name, version, dependencies: manifest.dependencies, archive };
};
