import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  /** Deletes the directory now (also done at process exit if forgotten). */
  remove(): void;
}

const pending = new Set<string>();
let hooked = false;

/** A fresh directory under os.tmpdir(), removed by `remove()` or, at the latest, when the process exits. */
export const tempDir = (prefix = 'market-test'): TempDir => {
  const path = mkdtempSync(join(tmpdir(), `${prefix.replace(/[^\w.-]/g, '_')}-`));
  pending.add(path);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => pending.forEach(removeQuietly));
  }
  return {
    path,
    remove: () => {
      pending.delete(path);
      removeQuietly(path);
    },
  };
};

const removeQuietly = (path: string) => {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // A child may still hold a file open; the OS temp cleaner gets it later.
  }
};
