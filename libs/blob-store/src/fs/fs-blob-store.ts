import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, open, type FileHandle, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobReader, BlobStat, BlobStore, ByteRange } from '../blob-store.js';
import { BlobNotFoundError } from '../errors/blob-not-found-error.js';
import { BlobTooLargeError } from '../errors/blob-too-large-error.js';
import { validateBlobKey } from '../keys/validate-blob-key.js';
import { checkRange } from '../ranges/check-range.js';

/**
 * Bytes per read of a download: 1 MiB, not fs's 64 KiB, so a large blob costs a sixteenth of the
 * reads, stream events and socket writes. Memory stays constant (one chunk in flight per stream).
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

/**
 * Blobs as files under one root directory (the embedded default). Writes go to a temp file in the
 * target's own directory, are fsynced, then renamed over the key: rename within one directory is
 * atomic, so a reader sees the whole old blob or the whole new one, never a prefix.
 */
export class FsBlobStore implements BlobStore {
  readonly root: string;
  /** Directory fsyncs per directory: one running, at most one queued behind it (see `syncDir`). */
  private readonly dirSyncs = new Map<
    string,
    { running: Promise<void> | undefined; queued: Promise<void> | undefined }
  >();

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Readable, options: { maxBytes?: number } = {}): Promise<BlobStat> {
    const target = this.pathOf(key);
    const temp = tempPathFor(target);
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    let size = 0;
    const file = await openCreating(temp);
    try {
      for await (const chunk of body as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        // Leaving the loop destroys `body`, so an over-long upload stops being read at once.
        if (size > maxBytes) throw new BlobTooLargeError(key, maxBytes);
        await writeFully(file, bytes);
      }
      // Durability before visibility: a publish answered 202 must survive a power cut.
      await file.sync();
      await file.close();
      await rename(temp, target);
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await this.syncDir(dirname(target));
    return { size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    // Opening first turns a missing blob into a typed error now, not an 'error' event later.
    const file = await open(path, 'r').catch((error: unknown) => {
      throw notFoundOr(error, key);
    });
    try {
      const info = await file.stat();
      if (!info.isFile()) throw new BlobNotFoundError(key);
      // Chunks no larger than what is read: a fresh READ_CHUNK_BYTES buffer per read of a
      // few-hundred-byte pack was most of what reading one cost.
      const chunk = (length: number) => Math.max(1, Math.min(length, READ_CHUNK_BYTES));
      if (range === undefined) return file.createReadStream({ highWaterMark: chunk(info.size) });
      const { start, end } = checkRange(key, range, info.size);
      return file.createReadStream({ start, end, highWaterMark: chunk(end - start + 1) });
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async openReader(key: string): Promise<BlobReader> {
    const file = await open(this.pathOf(key), 'r').catch((error: unknown) => {
      throw notFoundOr(error, key);
    });
    try {
      const info = await file.stat();
      if (!info.isFile()) throw new BlobNotFoundError(key);
      return {
        size: info.size,
        read: async (buffer, length, position) => (await file.read(buffer, 0, length, position)).bytesRead,
        close: () => file.close(),
      };
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return null;
      throw error;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const source = this.pathOf(fromKey);
    const target = this.pathOf(toKey);
    // No stat first: a missing source fails the link (and any copy) with ENOENT, reported below.
    const temp = tempPathFor(target);
    try {
      // A hard link costs no bytes; link then rename (link refuses an existing target).
      await linkCreating(source, temp).catch(async (error: unknown) => {
        if (code(error) === 'ENOENT') throw new BlobNotFoundError(fromKey);
        await copyFile(source, temp, 0);
      });
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw notFoundOr(error, fromKey);
    }
    await this.syncDir(dirname(target));
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: unknown) => {
      if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR') throw error;
    });
  }

  /**
   * Makes the renames already done in `dir` durable. One fsync covers every rename completed
   * before it started, so concurrent puts share them: a caller joins the sync queued behind the
   * running one (which starts after its rename), or starts one when none runs. Under load that
   * is one directory fsync per burst of puts instead of one per put.
   */
  private syncDir(dir: string): Promise<void> {
    const state = this.dirSyncs.get(dir) ?? { running: undefined, queued: undefined };
    this.dirSyncs.set(dir, state);
    if (state.queued) return state.queued;
    if (!state.running) return this.startDirSync(dir, state);
    const next = () => {
      state.queued = undefined;
      return this.startDirSync(dir, state);
    };
    state.queued = state.running.then(next, next);
    return state.queued;
  }

  private startDirSync(
    dir: string,
    state: { running: Promise<void> | undefined; queued: Promise<void> | undefined },
  ): Promise<void> {
    const running: Promise<void> = syncDirectory(dir).finally(() => {
      if (state.running === running) state.running = undefined;
      if (!state.running && !state.queued && this.dirSyncs.get(dir) === state) this.dirSyncs.delete(dir);
    });
    state.running = running;
    return running;
  }

  /** The file that holds `key`; the key alphabet guarantees it stays under the root. */
  pathOf(key: string): string {
    return join(this.root, validateBlobKey(key));
  }
}

async function writeFully(file: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Creates a new file, making its directory only when it is missing: the directory almost always
 * exists, so the common case costs one open and no mkdir.
 */
async function openCreating(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx');
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    return open(path, 'wx');
  }
}

/** `link`, making the target's directory only when it is missing (a missing source still fails with ENOENT). */
async function linkCreating(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
    await mkdir(dirname(target), { recursive: true });
    await link(source, target);
  }
}

/** Dot-prefixed, so no valid key can ever name a temp file. */
function tempPathFor(target: string): string {
  return join(dirname(target), `.tmp-${randomUUID()}`);
}

function notFoundOr(error: unknown, key: string): unknown {
  const c = code(error);
  return c === 'ENOENT' || c === 'ENOTDIR' || c === 'EISDIR' ? new BlobNotFoundError(key) : error;
}

/** Makes the rename itself durable; some platforms refuse to fsync a directory, which is fine. */
async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r').catch(() => null);
  if (dir === null) return;
  await dir.sync().catch(() => undefined);
  await dir.close();
}
