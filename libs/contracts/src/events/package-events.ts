import { z } from 'zod';
import {
  base64Schema,
  blake3HexSchema,
  distTagSchema,
  isoDateTimeSchema,
  keyIdSchema,
  packageNameSchema,
  semverSchema,
  sha256HexSchema,
} from './primitives.js';

const versionRef = { name: packageNameSchema, version: semverSchema };

export const packageVersionSubmittedV1 = z.object({
  submissionId: z.string().uuid(),
  ...versionRef,
  sha256: sha256HexSchema,
  blake3: blake3HexSchema,
  size: z.number().int().nonnegative(),
  keyId: keyIdSchema,
  signature: base64Schema,
  /** Where ingest staged the uploaded bytes (a key in the staging area, not a URL). */
  stagingRef: z.string().min(1).max(500),
});

export const rejectionReasons = [
  'signature_invalid',
  'digest_mismatch',
  'size_mismatch',
  'manifest_invalid',
  'manifest_mismatch',
  'archive_invalid',
  'key_unknown',
  'key_not_authorized',
  'key_revoked',
  'version_exists',
  'staging_missing',
] as const;
export const rejectionReasonSchema = z.enum(rejectionReasons);
export type RejectionReason = z.infer<typeof rejectionReasonSchema>;

export const manifestSchema = z.object({
  description: z.string().max(2000).default(''),
  license: z.string().max(200),
  authors: z.array(z.string().max(200)).max(100),
  categories: z.array(z.string().max(100)).max(20).default([]),
  keywords: z.array(z.string().max(100)).max(50).default([]),
  homepage: z.string().max(2000).optional(),
  repository: z.string().max(2000).optional(),
  dependencies: z.record(packageNameSchema, z.string().min(1).max(200)).default({}),
});
export type PackManifest = z.infer<typeof manifestSchema>;

export const packageVersionVerifiedV1 = z.object({
  submissionId: z.string().uuid(),
  ...versionRef,
  sha256: sha256HexSchema,
  blake3: blake3HexSchema,
  size: z.number().int().nonnegative(),
  keyId: keyIdSchema,
  signature: base64Schema,
  stagingRef: z.string().min(1).max(500),
  manifest: manifestSchema,
  files: z.array(z.object({ path: z.string().max(4096), size: z.number().int().nonnegative() })).max(100_000),
});

export const packageVersionRejectedV1 = z.object({
  submissionId: z.string().uuid(),
  ...versionRef,
  reason: rejectionReasonSchema,
  detail: z.string().max(2000),
});

export const packageVersionStoredV1 = z.object({
  submissionId: z.string().uuid(),
  ...versionRef,
  sha256: sha256HexSchema,
  size: z.number().int().nonnegative(),
  /** True when a blob with this digest already existed and no new copy was written. */
  deduplicated: z.boolean(),
});

export const packageVersionYankedV1 = z.object({ ...versionRef, reason: z.string().min(1).max(2000) });
export const packageVersionUnyankedV1 = z.object({ ...versionRef, reason: z.string().max(2000).default('') });
export const packageVersionDeprecatedV1 = z.object({ ...versionRef, message: z.string().max(2000) });
export const distTagSetV1 = z.object({ name: packageNameSchema, tag: distTagSchema, version: semverSchema });
export const distTagRemovedV1 = z.object({ name: packageNameSchema, tag: distTagSchema });
export const downloadsCountedV1 = z.object({
  ...versionRef,
  count: z.number().int().positive(),
  /** End of the counting window (ISO time); bulk imports use the import time. */
  windowEnd: isoDateTimeSchema,
});
