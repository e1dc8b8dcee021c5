import type { ByteRange } from '../blob-store.js';
import { BlobRangeError } from '../errors/blob-range-error.js';

/**
 * Ranges follow HTTP: inclusive, `end` past the blob is clamped to its last byte, a start at or
 * past the end selects nothing. Returns the clamped range.
 */
export function checkRange(key: string, range: ByteRange, size: number): ByteRange {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || start >= size) {
    throw new BlobRangeError(key, range, size);
  }
  return { start, end: Math.min(end, size - 1) };
}
