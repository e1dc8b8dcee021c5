/**
 * Fixed-size buffers handed out and given back, so that serving a large blob allocates nothing
 * per chunk. Every chunk allocated afresh is external memory to V8, and each ~64 MB of it forces
 * a full collection of the whole heap: serving 100 MB cost storage ~3× the CPU of the copying
 * itself (see docs/adr/0016-pooled-blob-downloads.md). At most `keep` idle buffers are kept;
 * beyond that, given-back buffers are left to the garbage collector.
 */
export class BufferPool {
  private readonly idle: Buffer[] = [];

  constructor(
    readonly bufferBytes: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.idle.pop() ?? Buffer.allocUnsafeSlow(this.bufferBytes);
  }

  /** Only a buffer no one still reads or writes (its socket write has completed). */
  give(buffer: Buffer): void {
    if (buffer.length === this.bufferBytes && this.idle.length < this.keep) this.idle.push(buffer);
  }

  get idleCount(): number {
    return this.idle.length;
  }

  /** Drops the idle buffers (an idle service gives their memory back). */
  drain(): void {
    this.idle.length = 0;
  }
}
