import { InvalidBlobKeyError } from '../errors/invalid-blob-key-error.js';

const SEGMENT = /^[a-z0-9_-]+$/;
const MAX_KEY_LENGTH = 512;

/**
 * Keys become file paths (FsBlobStore) and object names (S3), so the alphabet is closed:
 * lowercase letters, digits, `_`, `-`, separated by single `/`. No dots at all means no `..`,
 * no hidden files and no collision with the adapters' own temp names (which start with `.`).
 */
export function validateBlobKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidBlobKeyError(String(key), 'empty');
  if (key.length > MAX_KEY_LENGTH) throw new InvalidBlobKeyError(key, `longer than ${MAX_KEY_LENGTH}`);
  for (const segment of key.split('/')) {
    if (segment.length === 0) throw new InvalidBlobKeyError(key, 'empty segment (leading, trailing or double /)');
    if (!SEGMENT.test(segment))
      throw new InvalidBlobKeyError(key, `segment '${segment.slice(0, 50)}' is not [a-z0-9_-]+`);
  }
  return key;
}
