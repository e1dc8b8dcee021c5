import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs/fs-blob-store.js';
import type { S3BlobStore, S3BlobStoreOptions } from './s3/s3-blob-store.js';

/** Thrown for a blob store URL that names no adapter or misses a required part. */
export class InvalidBlobStoreUrlError extends Error {
  readonly type = 'invalid_blob_store_url' as const;

  constructor(url: string, reason: string) {
    // Never echo credentials back into logs.
    super(`invalid blob store URL '${redact(url)}': ${reason}`);
    this.name = 'InvalidBlobStoreUrlError';
  }
}

/**
 * `file:/abs/dir`, `file:///abs/dir` or a bare path → FsBlobStore;
 * `s3://ACCESS:SECRET@host:port/bucket?useSSL=false&region=us-east-1` → S3BlobStore.
 * Async because the S3 adapter (and the `minio` client, ~30 MB of RSS and ~190 ms to load) is
 * imported only when an s3:// URL asks for it: a service on the embedded default never loads it.
 */
export async function openBlobStore(url: string): Promise<BlobStore> {
  return parseBlobStoreUrl(url).open();
}

export type BlobStoreLocation =
  | { kind: 'fs'; root: string; open(): FsBlobStore }
  | { kind: 's3'; options: S3BlobStoreOptions; open(): Promise<S3BlobStore> };

export function parseBlobStoreUrl(url: string): BlobStoreLocation {
  if (url.trim() === '') throw new InvalidBlobStoreUrlError(url, 'empty');
  if (url.startsWith('file:')) {
    const root = url.startsWith('file://')
      ? fileURLToPath(url)
      : resolve(decodeURIComponent(url.slice('file:'.length)));
    return { kind: 'fs', root, open: () => new FsBlobStore(root) };
  }
  if (url.startsWith('s3://')) {
    const options = parseS3(url);
    return {
      kind: 's3',
      options,
      open: async () => new (await import('./s3/s3-blob-store.js')).S3BlobStore(options),
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new InvalidBlobStoreUrlError(url, 'unknown scheme (file: or s3://)');
  const root = resolve(url);
  return { kind: 'fs', root, open: () => new FsBlobStore(root) };
}

function parseS3(url: string): S3BlobStoreOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidBlobStoreUrlError(url, 'not a URL');
  }
  const bucket = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  if (bucket === '' || bucket.includes('/'))
    throw new InvalidBlobStoreUrlError(url, 'expected exactly one path segment: the bucket');
  if (parsed.username === '' || parsed.password === '') {
    throw new InvalidBlobStoreUrlError(url, 'expected ACCESS:SECRET@ credentials');
  }
  const useSSL = parsed.searchParams.get('useSSL');
  if (useSSL !== null && useSSL !== 'true' && useSSL !== 'false') {
    throw new InvalidBlobStoreUrlError(url, 'useSSL must be true or false');
  }
  const region = parsed.searchParams.get('region');
  return {
    endPoint: parsed.hostname.replace(/^\[|\]$/g, ''),
    ...(parsed.port === '' ? {} : { port: Number(parsed.port) }),
    useSSL: useSSL === 'true',
    accessKey: decodeURIComponent(parsed.username),
    secretKey: decodeURIComponent(parsed.password),
    bucket,
    ...(region === null ? {} : { region }),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
