import { z } from 'zod';
import { distTagSchema, isoDateTimeSchema, keyIdSchema, packageNameSchema, semverSchema } from '@market/contracts';

/** What every signed command carries besides its own fields. */
const signed = {
  keyId: keyIdSchema,
  signature: z.string().min(1).max(200),
  issuedAt: isoDateTimeSchema,
};

export const yankBodySchema = z.object({ reason: z.string().min(1).max(2000), ...signed });
export const unyankBodySchema = z.object({ reason: z.string().max(2000).default(''), ...signed });
export const deprecateBodySchema = z.object({ message: z.string().max(2000), ...signed });
export const distTagSetBodySchema = z.object({ version: semverSchema, ...signed });
export const distTagRemoveBodySchema = z.object({ ...signed });

export type SignedFields = { keyId: string; signature: string; issuedAt: string };

export const pathSchemas = {
  name: packageNameSchema,
  version: semverSchema,
  tag: distTagSchema,
};
