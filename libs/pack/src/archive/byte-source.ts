import { ArchiveInvalidError } from '../errors/pack-error.js';

/**
 * Pull-based reader over decompressed chunks, counting every byte so that no archive can make
 * us decompress more than `budget` bytes (the gzip-bomb guard sits here, below all parsing).
 */
export class ByteSource {
  private readonly iterator: AsyncIterator<Buffer>;
  private head: Buffer = Buffer.alloc(0);
  private ended = false;
  /** Bytes pulled from the decompressor so far. */
  pulled = 0;

  constructor(
    chunks: AsyncIterable<Buffer>,
    private readonly budget: number,
    private readonly translateError: (error: unknown) => unknown = (error) => error,
  ) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  /** Offset of the next unread byte. */
  get position(): number {
    return this.pulled - this.head.length;
  }

  /** Exactly `size` bytes, or fewer only when the stream ends first. */
  async read(size: number): Promise<Buffer> {
    while (this.head.length < size && (await this.pull()));
    const out = this.head.subarray(0, size);
    this.head = this.head.subarray(out.length);
    return out;
  }

  /** Up to `max` bytes, at least one unless the stream has ended (then an empty buffer). */
  async readSome(max: number): Promise<Buffer> {
    if (this.head.length === 0 && !(await this.pull())) return Buffer.alloc(0);
    const out = this.head.subarray(0, max);
    this.head = this.head.subarray(out.length);
    return out;
  }

  /** Lets the decompressor (and the stream feeding it) go, whether or not we read it all. */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.iterator.next();
    } catch (error) {
      throw this.translateError(error);
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.pulled += next.value.length;
    if (this.pulled > this.budget) {
      throw new ArchiveInvalidError(`decompressed archive exceeds ${this.budget} bytes`);
    }
    this.head = this.head.length === 0 ? next.value : Buffer.concat([this.head, next.value]);
    return true;
  }
}
