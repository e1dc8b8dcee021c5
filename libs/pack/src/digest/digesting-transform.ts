import { Transform, type TransformCallback } from 'node:stream';
import { PackError } from '../errors/pack-error.js';
import type { Digest } from './digest.js';
import { DigestHasher } from './digest-hasher.js';

export interface DigestingTransformOptions {
  /** Fail with `size_limit_exceeded` as soon as more bytes than this pass through. */
  maxBytes?: number;
}

/**
 * Pass-through that digests what flows through it, so an upload can be staged and digested
 * in one pass: `pipeline(request, digesting, fileStream)`, then `digesting.digest()`.
 */
export class DigestingTransform extends Transform {
  private readonly hasher = new DigestHasher();
  private readonly maxBytes: number;
  private finished: Digest | undefined;

  constructor(options: DigestingTransformOptions = {}) {
    super();
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Bytes seen so far. */
  get size(): number {
    return this.hasher.size;
  }

  /** The digest of everything that passed; throws if the stream has not ended yet. */
  digest(): Digest {
    if (!this.finished) throw new Error('DigestingTransform: digest() before the stream ended');
    return this.finished;
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    if (this.hasher.size + bytes.byteLength > this.maxBytes) {
      callback(new PackError('size_limit_exceeded', `stream exceeds ${this.maxBytes} bytes`));
      return;
    }
    this.hasher.update(bytes);
    callback(null, bytes);
  }

  override _flush(callback: TransformCallback): void {
    this.finished = this.hasher.finish();
    callback();
  }
}
