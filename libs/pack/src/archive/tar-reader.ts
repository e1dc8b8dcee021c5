import { ArchiveInvalidError } from '../errors/pack-error.js';
import type { ByteSource } from './byte-source.js';
import { MAX_PAX_BYTES, parsePaxRecords, type PaxOverrides } from './pax-records.js';
import { BLOCK, decodeTarHeader, isZeroBlock, type TarHeader } from './tar-header.js';

export interface TarEntry {
  path: string;
  type: 'file' | 'directory';
  mode: number;
  size: number;
  offset: number;
  /** The file's bytes; read it before asking for the next entry, or it is skipped. */
  body(): AsyncGenerator<Buffer>;
}

const TYPE_NAMES: Record<string, string> = {
  '1': 'hard link',
  '2': 'symbolic link',
  '3': 'character device',
  '4': 'block device',
  '6': 'FIFO',
  '7': 'contiguous file',
  g: 'pax global header',
  L: 'GNU long name',
  K: 'GNU long link name',
  S: 'GNU sparse file',
  V: 'volume label',
  M: 'multi-volume continuation',
  D: 'GNU directory dump',
};

const BODY_PIECE = 64 * 1024;

/** Shown in error details; archive names are attacker-chosen, so quote and cut them. */
export const quotePath = (path: string): string => JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);

const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

/**
 * Reads a tar stream that may hold only regular files, directories and the local pax headers
 * describing them. Anything else — links, devices, global or GNU extension headers, data after
 * the end-of-archive marker, a truncated stream — is an `archive_invalid` error.
 */
export async function* readTarEntries(source: ByteSource): AsyncGenerator<TarEntry> {
  let pax: { overrides: PaxOverrides; offset: number } | undefined;
  for (;;) {
    const offset = source.position;
    const block = await source.read(BLOCK);
    if (block.length === 0) throw new ArchiveInvalidError('archive ends without an end-of-archive marker');
    if (block.length < BLOCK) throw new ArchiveInvalidError(`truncated header at offset ${offset}`);
    if (isZeroBlock(block)) {
      if (pax) throw new ArchiveInvalidError(`pax header at offset ${pax.offset} is not followed by an entry`);
      await readEndOfArchive(source);
      return;
    }
    const header = decodeTarHeader(block, offset);
    if (header.typeflag === 'x') {
      if (pax) throw new ArchiveInvalidError(`pax header at offset ${offset} follows another pax header`);
      pax = { overrides: await readPax(source, header), offset };
      continue;
    }
    const path = pax?.overrides.path ?? header.name;
    const size = pax?.overrides.size ?? header.size;
    pax = undefined;

    const type = header.typeflag === '0' ? 'file' : header.typeflag === '5' ? 'directory' : undefined;
    if (!type) {
      const kind = TYPE_NAMES[header.typeflag] ?? `type ${JSON.stringify(header.typeflag)}`;
      throw new ArchiveInvalidError(`${quotePath(path)}: ${kind} entries are not allowed`);
    }
    if (type === 'directory' && size !== 0) {
      throw new ArchiveInvalidError(`${quotePath(path)}: directory entry carries ${size} bytes`);
    }

    const remaining = { bytes: size };
    yield {
      path: type === 'directory' && path.endsWith('/') ? path.slice(0, -1) : path,
      type,
      mode: header.mode,
      size,
      offset,
      body: () => readBody(source, remaining, path),
    };
    await skip(source, remaining.bytes + padding(size), path);
  }
}

async function* readBody(source: ByteSource, remaining: { bytes: number }, path: string): AsyncGenerator<Buffer> {
  while (remaining.bytes > 0) {
    const piece = await source.readSome(Math.min(remaining.bytes, BODY_PIECE));
    if (piece.length === 0) throw new ArchiveInvalidError(`${quotePath(path)}: archive truncated inside the file`);
    remaining.bytes -= piece.length;
    yield piece;
  }
}

const skip = async (source: ByteSource, bytes: number, path: string): Promise<void> => {
  for (let left = bytes; left > 0; ) {
    const piece = await source.readSome(Math.min(left, BODY_PIECE));
    if (piece.length === 0) throw new ArchiveInvalidError(`${quotePath(path)}: archive truncated inside the file`);
    left -= piece.length;
  }
};

const readPax = async (source: ByteSource, header: TarHeader): Promise<PaxOverrides> => {
  if (header.size > MAX_PAX_BYTES) {
    throw new ArchiveInvalidError(
      `pax header at offset ${header.offset} is ${header.size} bytes; the limit is ${MAX_PAX_BYTES}`,
    );
  }
  const data = await source.read(header.size);
  if (data.length < header.size) throw new ArchiveInvalidError(`pax header at offset ${header.offset} is truncated`);
  await skip(source, padding(header.size), 'pax header');
  return parsePaxRecords(data, header.offset);
};

/** Two zero blocks, then nothing but zero padding: no data may hide after the end. */
const readEndOfArchive = async (source: ByteSource): Promise<void> => {
  const second = await source.read(BLOCK);
  if (second.length < BLOCK || !isZeroBlock(second)) {
    throw new ArchiveInvalidError('end-of-archive marker is not two zero blocks');
  }
  for (;;) {
    const rest = await source.readSome(BODY_PIECE);
    if (rest.length === 0) return;
    if (!isZeroBlock(rest)) throw new ArchiveInvalidError('data after the end-of-archive marker');
  }
};
