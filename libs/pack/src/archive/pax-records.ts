import { ArchiveInvalidError } from '../errors/pack-error.js';

/** The pax keywords that change how an entry is read; everything else is informational. */
export interface PaxOverrides {
  path?: string;
  size?: number;
}

export const MAX_PAX_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses `<length> <key>=<value>\n` records strictly (lengths must add up exactly) and refuses
 * keywords that would turn an entry into something packs may not contain.
 */
export const parsePaxRecords = (data: Buffer, offset: number): PaxOverrides => {
  const at = `pax header at offset ${offset}`;
  const overrides: PaxOverrides = {};
  const seen = new Set<string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const lengthText = space === -1 ? '' : data.toString('latin1', pos, space);
    if (!/^[1-9][0-9]{0,8}$/.test(lengthText)) throw new ArchiveInvalidError(`${at}: malformed record length`);
    const end = pos + Number(lengthText);
    if (end > data.length || data[end - 1] !== 0x0a || end <= space + 1) {
      throw new ArchiveInvalidError(`${at}: record length does not match its content`);
    }
    let record: string;
    try {
      record = utf8.decode(data.subarray(space + 1, end - 1));
    } catch {
      throw new ArchiveInvalidError(`${at}: record is not valid UTF-8`);
    }
    const equals = record.indexOf('=');
    if (equals <= 0) throw new ArchiveInvalidError(`${at}: record without key=value`);
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (seen.has(key)) throw new ArchiveInvalidError(`${at}: keyword "${key}" repeated`);
    seen.add(key);
    apply(overrides, key, value, at);
    pos = end;
  }
  return overrides;
};

const apply = (overrides: PaxOverrides, key: string, value: string, at: string): void => {
  if (key === 'path') {
    overrides.path = value;
  } else if (key === 'size') {
    if (!/^(0|[1-9][0-9]*)$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new ArchiveInvalidError(`${at}: size "${value.slice(0, 40)}" is not a byte count`);
    }
    overrides.size = Number(value);
  } else if (key === 'linkpath') {
    throw new ArchiveInvalidError(`${at}: linkpath is not allowed (packs hold no links)`);
  } else if (key.startsWith('GNU.sparse.')) {
    throw new ArchiveInvalidError(`${at}: sparse files are not allowed`);
  }
};
