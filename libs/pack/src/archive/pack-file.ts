/** One regular file of a pack, as listed by the writer and by the readers. */
export interface PackFile {
  path: string;
  size: number;
}

/** The manifest every pack archive carries at its root. */
export const MANIFEST_PATH = 'pack.toml';
