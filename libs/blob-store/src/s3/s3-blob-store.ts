import { createHash } from 'node:crypto';
import { type Readable } from 'node:stream';
import { Client } from 'minio';
import type { BlobStat, BlobStore, ByteRange } from '../blob-store.js';
import { BlobNotFoundError } from '../errors/blob-not-found-error.js';
import { BlobRangeError } from '../errors/blob-range-error.js';
import { BlobTooLargeError } from '../errors/blob-too-large-error.js';
import { validateBlobKey } from '../keys/validate-blob-key.js';
import { checkRange } from '../ranges/check-range.js';
import { isS3NotFound, s3ErrorCode } from './s3-error-code.js';
import { takeBytes } from './take-bytes.js';

export interface S3BlobStoreOptions {
  endPoint: string;
  port?: number;
  useSSL?: boolean;
  accessKey: string;
  secretKey: string;
  region?: string;
  bucket: string;
  /** Bytes buffered per upload part; S3 and MinIO refuse parts under 5 MiB (except the last). */
  partSize?: number;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/**
 * Blobs as objects in one bucket (MinIO in production). An object only becomes visible when its
 * upload completes, so puts are atomic by construction. Bodies are uploaded in parts of
 * `partSize` (memory stays bounded whatever the blob size); a body that fits in one part is one
 * PUT. We drive the multipart upload ourselves rather than through `putObject(stream)` because
 * the client neither propagates a source stream's error (it hangs) nor lets us abort on
 * `maxBytes`, and it lists pending uploads first, which s3rver does not implement.
 */
export class S3BlobStore implements BlobStore {
  readonly client: Client;
  readonly bucket: string;
  private readonly partSize: number;
  private bucketReady: Promise<void> | undefined;

  constructor(options: S3BlobStoreOptions) {
    this.client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL ?? false,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region ?? 'us-east-1',
      pathStyle: true,
    });
    this.bucket = options.bucket;
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
  }

  async put(key: string, body: Readable, options: { maxBytes?: number } = {}): Promise<BlobStat> {
    validateBlobKey(key);
    await this.ready();
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const upload = new PartUploader(this.client, this.bucket, key);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        if (size > maxBytes) throw new BlobTooLargeError(key, maxBytes);
        pending.push(bytes);
        pendingBytes += bytes.length;
        while (pendingBytes >= this.partSize) {
          const all = Buffer.concat(pending);
          await upload.part(all.subarray(0, this.partSize));
          const rest = all.subarray(this.partSize);
          pending = rest.length > 0 ? [rest] : [];
          pendingBytes = rest.length;
        }
      }
      const last = Buffer.concat(pending);
      if (upload.started) await upload.complete(last);
      else await this.client.putObject(this.bucket, key, last, last.length);
    } catch (error) {
      await upload.abort();
      throw error;
    }
    return { size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    validateBlobKey(key);
    await this.ready();
    try {
      if (range === undefined) return await this.client.getObject(this.bucket, key);
      const info = await this.stat(key);
      if (info === null) throw new BlobNotFoundError(key);
      const { start, end } = checkRange(key, range, info.size);
      const length = end - start + 1;
      return takeBytes(await this.client.getPartialObject(this.bucket, key, start, length), length);
    } catch (error) {
      if (isS3NotFound(error)) throw new BlobNotFoundError(key);
      if (s3ErrorCode(error) === 'InvalidRange' && range !== undefined) throw new BlobRangeError(key, range);
      throw error;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    validateBlobKey(key);
    await this.ready();
    try {
      const info = await this.client.statObject(this.bucket, key);
      return { size: info.size };
    } catch (error) {
      if (isS3NotFound(error)) return null;
      throw error;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    validateBlobKey(fromKey);
    validateBlobKey(toKey);
    await this.ready();
    try {
      await this.client.copyObject(this.bucket, toKey, `/${this.bucket}/${fromKey}`);
    } catch (error) {
      if (isS3NotFound(error)) throw new BlobNotFoundError(fromKey);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    validateBlobKey(key);
    await this.ready();
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (error) {
      if (!isS3NotFound(error)) throw error;
    }
  }

  /** Creates the bucket on first use; concurrent callers share one attempt, a failure is retried. */
  private ready(): Promise<void> {
    this.bucketReady ??= this.ensureBucket().catch((error: unknown) => {
      this.bucketReady = undefined;
      throw error;
    });
    return this.bucketReady;
  }

  private async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket);
    } catch (error) {
      const code = s3ErrorCode(error);
      // Another replica won the race: the bucket exists, which is all we wanted.
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
    }
  }
}

/** One multipart upload, started lazily on the first full part and aborted on any failure. */
class PartUploader {
  private uploadId: string | undefined;
  private readonly etags: { part: number; etag: string }[] = [];

  constructor(
    private readonly client: Client,
    private readonly bucket: string,
    private readonly key: string,
  ) {}

  get started(): boolean {
    return this.uploadId !== undefined;
  }

  async part(bytes: Buffer): Promise<void> {
    this.uploadId ??= await this.client.initiateNewMultipartUpload(this.bucket, this.key, {});
    const partNumber = this.etags.length + 1;
    // The client's uploadPart() parses an UploadPartCopy body; a plain part's ETag is a header.
    const response = await this.client.makeRequestAsync(
      {
        method: 'PUT',
        bucketName: this.bucket,
        objectName: this.key,
        query: `partNumber=${partNumber}&uploadId=${encodeURIComponent(this.uploadId)}`,
        headers: { 'Content-Length': bytes.length, 'Content-MD5': createHash('md5').update(bytes).digest('base64') },
      },
      bytes,
    );
    response.resume();
    const etag = String(response.headers.etag ?? '').replace(/^"|"$/g, '');
    if (etag === '') throw new Error(`no ETag for part ${partNumber} of '${this.key}'`);
    this.etags.push({ part: partNumber, etag });
  }

  async complete(last: Buffer): Promise<void> {
    if (last.length > 0) await this.part(last);
    await this.client.completeMultipartUpload(this.bucket, this.key, this.uploadId!, this.etags);
  }

  async abort(): Promise<void> {
    if (this.uploadId === undefined) return;
    await this.client.abortMultipartUpload(this.bucket, this.key, this.uploadId).catch(() => undefined);
  }
}
