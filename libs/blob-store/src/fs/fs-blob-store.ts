import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, open, type FileHandle, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStat, BlobStore, ByteRange } from '../blob-store.js';
import { BlobNotFoundError } from '../errors/blob-not-found-error.js';
import { BlobTooLargeError } from '../errors/blob-too-large-error.js';
import { validateBlobKey } from '../keys/validate-blob-key.js';
import { checkRange } from '../ranges/check-range.js';

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

/**
 * Blobs as files under one root directory (the embedded default). Writes go to a temp file in the
 * target's own directory, are fsynced, then renamed over the key: rename within one directory is
 * atomic, so a reader sees the whole old blob or the whole new one, never a prefix.
 */
export class FsBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Readable, options: { maxBytes?: number } = {}): Promise<BlobStat> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = tempPathFor(target);
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    let size = 0;
    const file = await open(temp, 'wx');
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
    await syncDirectory(dirname(target));
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
      if (range === undefined) return file.createReadStream();
      const { start, end } = checkRange(key, range, info.size);
      return file.createReadStream({ start, end });
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
    if ((await this.stat(fromKey)) === null) throw new BlobNotFoundError(fromKey);
    await mkdir(dirname(target), { recursive: true });
    const temp = tempPathFor(target);
    try {
      // A hard link costs no bytes; link then rename (link refuses an existing target).
      await link(source, temp).catch(async (error: unknown) => {
        if (code(error) === 'ENOENT') throw new BlobNotFoundError(fromKey);
        await copyFile(source, temp, 0);
      });
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw notFoundOr(error, fromKey);
    }
    await syncDirectory(dirname(target));
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: unknown) => {
      if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR') throw error;
    });
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
