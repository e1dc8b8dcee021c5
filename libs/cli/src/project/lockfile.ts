import {
  blake3HexSchema,
  keyIdSchema,
  normalizePackageName,
  packageNameSchema,
  semverSchema,
  sha256HexSchema,
} from '@market/contracts';
import semver from 'semver';
import { z } from 'zod';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';

export const LOCKFILE = 'market.lock';
export const LOCKFILE_VERSION = 1;

const rangeSchema = z
  .string()
  .max(200)
  .refine((r) => semver.validRange(r) !== null, 'must be a semver range');
const normalizedName = packageNameSchema.refine((n) => normalizePackageName(n) === n, 'must be the normalised name');

export const lockedPackageSchema = z
  .object({
    version: semverSchema,
    sha256: sha256HexSchema,
    blake3: blake3HexSchema,
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    keyId: keyIdSchema,
    signature: z.string().min(1).max(200),
    dependencies: z.record(normalizedName, rangeSchema),
  })
  .strict();

export const lockfileSchema = z
  .object({
    lockfileVersion: z.literal(LOCKFILE_VERSION),
    /** market.toml's [dependencies] when the lock was written: --frozen compares them. */
    requirements: z.record(packageNameSchema, rangeSchema),
    /** Normalised name → exactly what was installed and how to verify it again. */
    packages: z.record(normalizedName, lockedPackageSchema),
  })
  .strict();

export type LockedPackage = z.infer<typeof lockedPackageSchema>;
export type Lockfile = z.infer<typeof lockfileSchema>;

const invalid = (detail: string) =>
  new CliError(
    'lockfile_invalid',
    `${LOCKFILE}: ${detail}`,
    EXIT.localFile,
    'market.lock is written by `market install`; delete it and run `market install` to write a fresh one',
  );

export const parseLockfile = (text: string): Lockfile => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalid('not valid JSON');
  }
  const parsed = lockfileSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
};

/** Every object's keys sorted, two-space indent, final newline: the same lock is always the same bytes. */
export const renderLockfile = (lock: Lockfile): string => `${JSON.stringify(sortKeys(lock), null, 2)}\n`;

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
};

export const emptyLockfile = (requirements: Record<string, string> = {}): Lockfile => ({
  lockfileVersion: LOCKFILE_VERSION,
  requirements,
  packages: {},
});
