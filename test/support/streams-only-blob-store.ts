import type { BlobStore } from '@market/blob-store';

/**
 * The same blobs through streams only, as the S3 adapter offers them (no `openReader`): for code
 * with a positional-read path and a stream fallback, to run both on one real filesystem store.
 */
export const streamsOnly = (store: BlobStore): BlobStore => ({
  put: (key, body, options) => store.put(key, body, options),
  get: (key, range) => store.get(key, range),
  stat: (key) => store.stat(key),
  copy: (from, to) => store.copy(from, to),
  delete: (key) => store.delete(key),
});
