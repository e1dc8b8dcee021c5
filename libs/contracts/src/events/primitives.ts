import { datetimeRegex, z } from 'zod';

/**
 * ISO 8601 date-time with Z or a numeric offset: what `z.string().datetime({ offset: true })`
 * accepts, with its regex built once (zod 3 builds it again on every parse, and every event's
 * `occurredAt` is parsed by every consumer).
 */
export const isoDateTimeSchema = z.string().regex(datetimeRegex({ offset: true }), 'Invalid datetime');

/** `namespace/name`: lowercase letters, digits and `-_.` separators, 2..214 chars in all. */
export const packageNameSchema = z
  .string()
  .min(3)
  .max(214)
  .regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i, 'must be namespace/name');

/** Semantic version 2.0.0 (no leading `v`). */
export const semverSchema = z
  .string()
  .max(256)
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/,
    'must be a semantic version',
  );

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
export const blake3HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
export const keyIdSchema = z.string().regex(/^[0-9a-f]{16,64}$/, 'must be a hex key id');
export const base64Schema = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
export const distTagSchema = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'must be a dist-tag name');
export const namespaceSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/i, 'must be a namespace');
