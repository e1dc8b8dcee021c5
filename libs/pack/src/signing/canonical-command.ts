import { PackError } from '../errors/pack-error.js';

/** Domain separation from pack statements: a statement signature never verifies as a command. */
export const COMMAND_PREFIX = 'market-command/v1\n';

const MAX_DEPTH = 16;

/** JSON values a signed command may hold. */
export type CommandValue = string | number | boolean | null | CommandValue[] | { [key: string]: CommandValue };
export type SignedCommandBody = { [key: string]: CommandValue };

/**
 * Canonical bytes of a command (yank, deprecate, dist-tag, ...): JSON with object keys sorted
 * at every level, so the client and ingest serialise the same object identically. The command
 * itself should name its action, package and a nonce or issue time; replay checks are ingest's.
 */
export const canonicalCommand = (command: SignedCommandBody): Buffer => {
  if (!isPlainObject(command)) throw new PackError('command_invalid', 'command must be a plain object');
  return Buffer.from(COMMAND_PREFIX + canonicalJson(command, '$', 0), 'utf8');
};

const canonicalJson = (value: unknown, at: string, depth: number): string => {
  if (depth > MAX_DEPTH) throw new PackError('command_invalid', `${at} nests deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PackError('command_invalid', `${at} is not a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => canonicalJson(item, `${at}[${index}]`, depth + 1)).join(',')}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    const members = keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key], `${at}.${key}`, depth + 1)}`);
    return `{${members.join(',')}}`;
  }
  throw new PackError('command_invalid', `${at} is a ${typeof value}, not a JSON value`);
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};
