import { ArchiveInvalidError } from '../errors/pack-error.js';

export const BLOCK = 512;

export interface TarHeader {
  /** Byte offset of the header in the decompressed stream, for error details. */
  offset: number;
  typeflag: string;
  name: string;
  mode: number;
  size: number;
}

const USTAR_MAGIC = Buffer.from('ustar\u000000', 'latin1');
const GNU_MAGIC = Buffer.from('ustar  \u0000', 'latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const isZeroBlock = (block: Buffer): boolean => block.every((byte) => byte === 0);

/**
 * Decodes one 512-byte header, strictly: valid checksum, ustar or GNU magic, plain octal
 * numbers (base-256 is refused: no pack needs an 8 GiB file or a negative size) and UTF-8 names.
 */
export const decodeTarHeader = (block: Buffer, offset: number): TarHeader => {
  const at = `header at offset ${offset}`;
  const stored = octal(block, 148, 8, `${at}: checksum`);
  if (stored !== checksum(block)) throw new ArchiveInvalidError(`${at}: bad checksum`);

  const magic = block.subarray(257, 265);
  const ustar = magic.equals(USTAR_MAGIC);
  if (!ustar && !magic.equals(GNU_MAGIC)) throw new ArchiveInvalidError(`${at}: not a ustar header`);

  let name = text(block, 0, 100, `${at}: name`);
  // In GNU headers these bytes hold times, not a prefix.
  const prefix = ustar ? text(block, 345, 155, `${at}: prefix`) : '';
  if (prefix !== '') name = `${prefix}/${name}`;

  return {
    offset,
    typeflag: block[156] === 0 ? '0' : String.fromCharCode(block[156] ?? 0),
    name,
    mode: octal(block, 100, 8, `${at}: mode`),
    size: octal(block, 124, 12, `${at}: size`),
  };
};

const checksum = (block: Buffer): number => {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum;
};

/** NUL-terminated field, decoded as UTF-8 (invalid sequences are refused, not replaced). */
const text = (block: Buffer, start: number, length: number, what: string): string => {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  try {
    return utf8.decode(end === -1 ? field : field.subarray(0, end));
  } catch {
    throw new ArchiveInvalidError(`${what} is not valid UTF-8`);
  }
};

const octal = (block: Buffer, start: number, length: number, what: string): number => {
  const field = block.subarray(start, start + length);
  if (((field[0] ?? 0) & 0x80) !== 0) throw new ArchiveInvalidError(`${what} uses base-256 encoding`);
  const digits = field
    .toString('latin1')
    .replace(/^ +/, '')
    .replace(/[ \u0000]+$/, '');
  if (!/^[0-7]*$/.test(digits)) throw new ArchiveInvalidError(`${what} is not an octal number`);
  return digits === '' ? 0 : parseInt(digits, 8);
};
