import { blake3HexSchema, keyIdSchema, sha256HexSchema } from '@market/contracts';
import { z } from 'zod';

/**
 * What the client relies on in the registry's answers. Security-relevant fields are checked
 * strictly (digests, size, key id); the rest passes through so a newer server does not break
 * an older client.
 */
export const archiveFieldsSchema = z.object({
  version: z.string(),
  sha256: sha256HexSchema,
  blake3: blake3HexSchema,
  size: z.number().int().nonnegative(),
  keyId: keyIdSchema,
  signature: z.string(),
  dependencies: z.record(z.string(), z.string()).default({}),
});

export const versionViewSchema = archiveFieldsSchema
  .extend({
    name: z.string(),
    publishedAt: z.string(),
    yanked: z.boolean(),
    yankedReason: z.string().nullable().default(null),
    deprecated: z.string().nullable().default(null),
    description: z.string().optional(),
    license: z.string().optional(),
    authors: z.array(z.string()).optional(),
    categories: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
    homepage: z.string().optional(),
    repository: z.string().optional(),
  })
  .passthrough();

export type VersionView = z.infer<typeof versionViewSchema>;

export const packageViewSchema = z
  .object({
    name: z.string(),
    normalizedName: z.string(),
    createdAt: z.string(),
    latest: z.string().nullable(),
    distTags: z.record(z.string(), z.string()),
    dependents: z.number().nullable(),
    versions: z.array(versionViewSchema),
    asOf: z.string().optional(),
  })
  .passthrough();

export type PackageView = z.infer<typeof packageViewSchema>;

export const historySchema = z
  .object({
    name: z.string(),
    events: z.array(
      z
        .object({
          type: z.string(),
          occurredAt: z.string().optional(),
          actor: z.string().optional(),
          data: z.unknown(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export type PackageHistory = z.infer<typeof historySchema>;
