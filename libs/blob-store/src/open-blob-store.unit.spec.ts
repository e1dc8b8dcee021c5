import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBlobStore } from './fs/fs-blob-store.js';
import { InvalidBlobStoreUrlError, openBlobStore, parseBlobStoreUrl } from './open-blob-store.js';
import { S3BlobStore } from './s3/s3-blob-store.js';

describe('openBlobStore', () => {
  it.each([
    ['file:/var/lib/market/blobs', '/var/lib/market/blobs'],
    ['file:///var/lib/market/blobs', '/var/lib/market/blobs'],
    ['/var/lib/market/blobs', '/var/lib/market/blobs'],
    ['relative/blobs', resolve('relative/blobs')],
  ])('%s is a filesystem store at %s', async (url, root) => {
    const store = await openBlobStore(url);
    expect(store).toBeInstanceOf(FsBlobStore);
    expect((store as FsBlobStore).root).toBe(root);
  });

  it('an s3 URL gives an S3 store with credentials, endpoint, port, bucket and TLS flag', async () => {
    const location = parseBlobStoreUrl(
      's3://AKIA%2FX:s3cr%40t@minio.internal:9000/market-blobs?useSSL=false&region=eu-west-1',
    );
    expect(location.kind).toBe('s3');
    if (location.kind !== 's3') return;
    expect(location.options).toEqual({
      endPoint: 'minio.internal',
      port: 9000,
      useSSL: false,
      accessKey: 'AKIA/X',
      secretKey: 's3cr@t',
      bucket: 'market-blobs',
      region: 'eu-west-1',
    });
    expect(await location.open()).toBeInstanceOf(S3BlobStore);
  });

  it('defaults to TLS off and no explicit port', () => {
    const location = parseBlobStoreUrl('s3://a:b@s3.example.com/bucket');
    expect(location.kind === 's3' && location.options).toMatchObject({ useSSL: false, endPoint: 's3.example.com' });
    expect(location.kind === 's3' && location.options.port).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['s3://host:9000/bucket', 'no credentials'],
    ['s3://a:b@host:9000/', 'no bucket'],
    ['s3://a:b@host:9000/bucket/deeper', 'nested bucket'],
    ['s3://a:b@host/bucket?useSSL=maybe', 'bad useSSL'],
    ['http://a:b@host/bucket', 'unknown scheme'],
  ])('refuses %j (%s) without leaking the secret', async (url) => {
    const error = await openBlobStore(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidBlobStoreUrlError);
    expect((error as Error).message).not.toContain(':b@');
  });
});
