import { Transform, type TransformCallback } from 'node:stream';
import { constants, createGzip } from 'node:zlib';

export const GZIP_LEVEL = constants.Z_BEST_COMPRESSION;
/** RFC 1952 "unknown" OS: zlib writes the OS it was built for, which would vary by platform. */
export const GZIP_OS_UNKNOWN = 0xff;

// Magic, deflate, no flags, mtime 0: what zlib writes when no gzip header is supplied.
const EXPECTED_PREFIX = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
const HEADER_BYTES = 10;

/** Gzip at a fixed level whose header is identical on every platform. */
export const createDeterministicGzip = (): [Transform, Transform] => [
  createGzip({ level: GZIP_LEVEL }),
  new GzipHeaderPin(),
];

/**
 * Checks the header zlib wrote (so a zlib that starts writing a name or a timestamp fails
 * loudly instead of silently changing every digest) and pins its OS byte.
 */
class GzipHeaderPin extends Transform {
  private pending: Buffer | undefined = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.pending) {
      callback(null, chunk);
      return;
    }
    const head = Buffer.concat([this.pending, chunk]);
    if (head.length < HEADER_BYTES) {
      this.pending = head;
      callback();
      return;
    }
    this.pending = undefined;
    if (!head.subarray(0, EXPECTED_PREFIX.length).equals(EXPECTED_PREFIX)) {
      callback(new Error(`zlib wrote an unexpected gzip header ${head.subarray(0, HEADER_BYTES).toString('hex')}`));
      return;
    }
    head[9] = GZIP_OS_UNKNOWN;
    callback(null, head);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.pending ? new Error('gzip output ended inside its header') : null);
  }
}
