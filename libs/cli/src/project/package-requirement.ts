import { normalizePackageName, packageNameSchema } from '@market/contracts';
import semver from 'semver';
import { usageError } from '../errors/cli-error.js';

/** `ns/name`, `ns/name@range`, `ns/name@1.2.3` or `ns/name@tag` as typed on the command line. */
export interface PackageRequirement {
  name: string;
  /** A semver range, a dist-tag, or undefined (the latest version). */
  spec?: { kind: 'range'; range: string } | { kind: 'tag'; tag: string };
}

const TAG = /^[a-z][a-z0-9._-]{0,63}$/;

export const parseRequirement = (text: string): PackageRequirement => {
  const at = text.indexOf('@');
  const name = at === -1 ? text : text.slice(0, at);
  const rest = at === -1 ? undefined : text.slice(at + 1);
  if (!packageNameSchema.safeParse(name).success) {
    throw usageError(
      `"${text}" does not start with a package name (namespace/name)`,
      'e.g. acme/widgets, acme/widgets@^1.2.0, acme/widgets@beta',
    );
  }
  if (rest === undefined) return { name };
  if (rest.trim() === '')
    throw usageError(`"${text}": nothing after "@"`, 'write a version range such as ^1.2.0, or leave out the "@"');
  if (semver.validRange(rest) !== null && rest.length <= 200) return { name, spec: { kind: 'range', range: rest } };
  if (TAG.test(rest)) return { name, spec: { kind: 'tag', tag: rest } };
  throw usageError(`"${rest}" is neither a semver range nor a dist-tag (in "${text}")`);
};

/** `ns/name@1.2.3` exactly: what yank, deprecate and dist-tag add take. */
export const parseExactVersion = (text: string): { name: string; version: string } => {
  const at = text.indexOf('@');
  const name = at === -1 ? text : text.slice(0, at);
  const version = at === -1 ? '' : text.slice(at + 1);
  if (!packageNameSchema.safeParse(name).success || semver.valid(version) !== version) {
    throw usageError(`"${text}" must be name@version with an exact version, e.g. acme/widgets@1.2.0`);
  }
  return { name, version };
};

export const parsePackageName = (text: string): string => {
  if (!packageNameSchema.safeParse(text).success) throw usageError(`"${text}" is not a package name (namespace/name)`);
  return text;
};

export const sameName = (a: string, b: string): boolean => normalizePackageName(a) === normalizePackageName(b);
