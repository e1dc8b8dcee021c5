import { isoDateTimeSchema, normalizePackageName, packageNameSchema, semverSchema } from '@market/contracts';
import { ProblemError } from '@market/http';
import semver from 'semver';
import { z } from 'zod';

const invalid = (detail: string) => new ProblemError(400, 'validation_failed', detail);

/** `:ns/:name` from a path → the normalised name (look-alikes resolve to the same package). */
export const packageNameParam = (ns: unknown, name: unknown): string => {
  const full = `${String(ns)}/${String(name)}`;
  if (!packageNameSchema.safeParse(full).success)
    throw invalid(`not a package name: ${JSON.stringify(full.slice(0, 300))}`);
  return normalizePackageName(full);
};

export const versionParam = (version: unknown): string => {
  if (typeof version !== 'string' || !semverSchema.safeParse(version).success) {
    throw invalid(`not a semantic version: ${JSON.stringify(String(version).slice(0, 300))}`);
  }
  return version;
};

const isoTime = isoDateTimeSchema;

/** `?asOf=` (ISO 8601 with a zone), or undefined when absent. */
export const asOfParam = (asOf: unknown): Date | undefined => {
  if (asOf === undefined) return undefined;
  if (typeof asOf !== 'string' || !isoTime.safeParse(asOf).success) {
    throw invalid('asOf must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T12:00:00Z');
  }
  return new Date(asOf);
};

export const keyIdParam = (keyId: unknown): string => {
  if (typeof keyId !== 'string' || !/^[0-9a-f]{16,64}$/.test(keyId))
    throw invalid('keyId must be 16 to 64 lowercase hex digits');
  return keyId;
};

const MAX_HISTORY_PAGE = 500;

export const historyPageParams = (from: unknown, limit: unknown): { from: bigint; limit: number } => {
  const fromText = from ?? '0';
  const limitText = limit ?? '100';
  if (typeof fromText !== 'string' || !/^\d{1,18}$/.test(fromText))
    throw invalid('from must be a stream revision (a non-negative integer)');
  if (
    typeof limitText !== 'string' ||
    !/^\d{1,4}$/.test(limitText) ||
    Number(limitText) < 1 ||
    Number(limitText) > MAX_HISTORY_PAGE
  ) {
    throw invalid(`limit must be an integer from 1 to ${MAX_HISTORY_PAGE}`);
  }
  return { from: BigInt(fromText), limit: Number(limitText) };
};

export const MAX_REQUIREMENTS = 1_000;

/** `POST /v1/resolve` body: root requirements, name → npm semver range. */
export const resolveRequestSchema = z
  .object({
    requirements: z
      .record(
        packageNameSchema,
        z
          .string()
          .max(200)
          .refine((r) => semver.validRange(r) !== null, 'must be a semver range'),
      )
      .refine((r) => Object.keys(r).length > 0, 'at least one requirement is needed')
      .refine((r) => Object.keys(r).length <= MAX_REQUIREMENTS, `at most ${MAX_REQUIREMENTS} requirements`),
  })
  .strict();
