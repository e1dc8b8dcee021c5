import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBlobStoreUrl } from '../open-blob-store.js';
import { blobStoreContract } from '../testing/blob-store-contract.js';
import { startS3rver } from '../testing/start-s3rver.js';
import { S3BlobStore } from './s3-blob-store.js';

// S3's minimum part size; a large body then spans two parts, so the multipart path is exercised.
const PART_SIZE = 5 * 1024 * 1024;
const LARGE = PART_SIZE + 123_457;

blobStoreContract(
  'S3BlobStore on s3rver',
  async () => {
    const server = await startS3rver();
    const location = parseBlobStoreUrl(server.url(`contract-${randomUUID().slice(0, 8)}`));
    if (location.kind !== 's3') throw new Error('expected an s3 location');
    const store = new S3BlobStore({ ...location.options, partSize: PART_SIZE });
    return { store, teardown: () => server.stop() };
  },
  { largeBytes: LARGE },
);

const minioUrl = process.env.MINIO_URL;
if (minioUrl === undefined) {
  console.info(
    '[blob-store] MinIO contract run skipped: set MINIO_URL=s3://ACCESS:SECRET@host:9000/bucket?useSSL=false to run it',
  );
  describe.skip('BlobStore contract: S3BlobStore on MinIO (MINIO_URL not set)', () => {
    it('needs MINIO_URL', () => undefined);
  });
} else {
  blobStoreContract(
    'S3BlobStore on MinIO',
    async () => {
      const location = parseBlobStoreUrl(minioUrl);
      if (location.kind !== 's3') throw new Error('MINIO_URL must be an s3:// URL');
      // A fresh bucket per run, so nothing is left to collide with.
      const store = new S3BlobStore({
        ...location.options,
        bucket: `${location.options.bucket}-${randomUUID().slice(0, 8)}`,
        partSize: PART_SIZE,
      });
      return { store, teardown: async () => undefined };
    },
    { largeBytes: LARGE },
  );
}

describe('S3BlobStore bucket', () => {
  it('creates a missing bucket on first use, once, even under concurrent calls', async () => {
    const server = await startS3rver();
    try {
      const location = parseBlobStoreUrl(server.url('fresh-bucket'));
      if (location.kind !== 's3') throw new Error('expected an s3 location');
      const store = await location.open();
      expect(await store.client.bucketExists('fresh-bucket')).toBe(false);
      expect(await Promise.all([store.stat('a/b'), store.stat('a/c'), store.stat('a/d')])).toEqual([null, null, null]);
      expect(await store.client.bucketExists('fresh-bucket')).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
