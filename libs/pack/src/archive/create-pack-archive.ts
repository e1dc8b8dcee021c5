import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { Digest } from '../digest/digest.js';
import { DigestingTransform } from '../digest/digesting-transform.js';
import { PackError } from '../errors/pack-error.js';
import type { ArchiveLimits } from './archive-limits.js';
import { createDeterministicGzip } from './deterministic-gzip.js';
import type { PackFile } from './pack-file.js';
import { listPackTree, type PackTreeEntry } from './pack-tree.js';

export interface PackArchive extends Digest {
  bytes: Buffer;
  files: PackFile[];
}

export interface PackArchiveStream {
  /** The tar.gz bytes; errors (a file changed while packing) surface as stream errors. */
  stream: Readable;
  files: PackFile[];
}

const EPOCH = new Date(0);

/**
 * Streams a pack directory as a deterministic tar.gz: entries in byte order, ustar headers
 * with mtime/uid/gid 0, empty owner names, normalised modes, fixed gzip header and level.
 * Checking the tree (symlinks, limits, pack.toml) happens before the promise resolves.
 */
export const createPackArchiveStream = async (
  dir: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<PackArchiveStream> => {
  const entries = await listPackTree(dir, limits);
  const pack = tar.pack();
  const [gzip, pin] = createDeterministicGzip();
  // pipeline owns teardown: an error anywhere destroys every stage and reaches `pin`.
  const stream = pipeline(pack, gzip, pin, () => {});
  void writeEntries(pack, entries).then(
    () => pack.finalize(),
    (error: unknown) => pack.destroy(error as Error),
  );
  return { stream, files: entries.filter((e) => e.type === 'file').map(({ path, size }) => ({ path, size })) };
};

/** The whole archive in memory with its digests (packs are bounded by the archive limits). */
export const createPackArchive = async (dir: string, limits: Partial<ArchiveLimits> = {}): Promise<PackArchive> => {
  const { stream, files } = await createPackArchiveStream(dir, limits);
  const digesting = new DigestingTransform();
  const chunks: Buffer[] = [];
  for await (const chunk of stream.pipe(digesting)) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), ...digesting.digest(), files };
};

const writeEntries = async (pack: tar.Pack, entries: PackTreeEntry[]): Promise<void> => {
  for (const entry of entries) {
    const header: tar.Headers = {
      name: entry.type === 'directory' ? `${entry.path}/` : entry.path,
      type: entry.type,
      mode: entry.mode,
      mtime: EPOCH,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      size: 0,
    };
    if (entry.type === 'directory') {
      await addEntry(pack, header);
      continue;
    }
    const content = await readFile(entry.absolutePath);
    if (content.length !== entry.size) {
      throw new PackError('pack_dir_invalid', `"${entry.path}" changed size while packing`);
    }
    await addEntry(pack, { ...header, size: content.length }, content);
  }
};

const addEntry = (pack: tar.Pack, header: tar.Headers, content?: Buffer): Promise<void> =>
  new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (content) pack.entry(header, content, done);
    else pack.entry(header, done);
  });
