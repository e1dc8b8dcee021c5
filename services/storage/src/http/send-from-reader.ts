import type { ServerResponse } from 'node:http';
import type { BlobReader } from '@market/blob-store';
import type { BufferPool } from './buffer-pool.js';

/** Chunks read ahead of the socket: one being written while the next is read. */
const IN_FLIGHT = 2;

/** The blob ended before the byte range its index promised: the file was truncated under us. */
export class BlobShorterThanIndexedError extends Error {
  readonly type = 'blob_shorter_than_indexed' as const;
  constructor(readonly position: number) {
    super(`blob ended at byte ${position}, before the range served`);
    this.name = 'BlobShorterThanIndexedError';
  }
}

/**
 * Writes bytes `start..end` (inclusive) of `reader` to `res` (whose head is already written or
 * queued) from pooled buffers: a buffer goes back to the pool only once its socket write has
 * completed, so it is never overwritten while the kernel may still read it. Ends the response;
 * if the client goes away or a read fails, destroys it (the head promised a length the body can
 * no longer meet). Always closes the reader. Resolves when done either way; never rejects.
 */
export const sendFromReader = async (
  res: ServerResponse,
  reader: BlobReader,
  start: number,
  end: number,
  pool: BufferPool,
): Promise<void> => {
  // A write to a socket that is already gone never calls back: the response's 'close' ends the wait.
  const closed = new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once('close', resolve)));
  const writes: Promise<void>[] = [];
  let failed = false;
  const write = (buffer: Buffer, length: number) =>
    new Promise<void>((resolve) => {
      res.write(length === buffer.length ? buffer : buffer.subarray(0, length), (error) => {
        // Only a completed write frees the buffer; after an error it is left to the collector.
        if (error) failed = true;
        else pool.give(buffer);
        resolve();
      });
    });
  try {
    for (let position = start; position <= end && !failed && !res.destroyed; ) {
      const buffer = pool.take();
      const length = await reader.read(buffer, Math.min(buffer.length, end - position + 1), position);
      if (length === 0) throw new BlobShorterThanIndexedError(position);
      position += length;
      writes.push(write(buffer, length));
      if (writes.length >= IN_FLIGHT) await Promise.race([writes.shift(), closed]);
    }
    await Promise.race([Promise.all(writes), closed]);
    if (failed || res.destroyed) res.destroy();
    else res.end();
  } catch (error) {
    res.destroy(error as Error);
  } finally {
    await reader.close().catch(() => undefined);
  }
};
