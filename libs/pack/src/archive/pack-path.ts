/** Longest entry path accepted (the files list in PackageVersionVerified allows 4096). */
export const MAX_PATH_CHARS = 4096;
/** Most filesystems refuse longer names. */
export const MAX_SEGMENT_BYTES = 255;

// Control characters can hide in listings and terminals; `\` and `:` mean something else on
// Windows, where a client may extract the pack.
const FORBIDDEN_CHAR = /[\u0000-\u001f\u007f\\:]/;

/**
 * Why `path` may not name an entry of a pack archive, or undefined if it may. One rule for
 * the writer and the readers: relative, `/`-separated, no empty, `.` or `..` segments.
 */
export const pathProblem = (path: string): string | undefined => {
  if (path === '') return 'empty path';
  if (path.length > MAX_PATH_CHARS) return `path longer than ${MAX_PATH_CHARS} characters`;
  if (path.startsWith('/')) return 'absolute path';
  const forbidden = FORBIDDEN_CHAR.exec(path);
  if (forbidden) return `forbidden character ${JSON.stringify(forbidden[0])} in path`;
  for (const segment of path.split('/')) {
    if (segment === '') return 'empty path segment';
    if (segment === '.' || segment === '..') return `"${segment}" path segment`;
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES)
      return `path segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
};

/**
 * Two paths that a case-insensitive or normalising filesystem (macOS, Windows) would treat as
 * one file get the same key; such pairs are refused so extraction behaves the same everywhere.
 */
export const collisionKey = (path: string): string => path.normalize('NFC').toLowerCase();

/** Byte order of the UTF-8 encoding: the archive's canonical entry order. */
export const compareByteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The archive's mode rule: executable if any exec bit is set, nothing else survives. */
export const normalizedMode = (type: 'file' | 'directory', mode: number): number =>
  type === 'directory' || (mode & 0o111) !== 0 ? 0o755 : 0o644;
