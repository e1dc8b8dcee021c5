import { z } from 'zod';
import { archiveFieldsSchema } from './version-view.js';

export const resolvedEntrySchema = archiveFieldsSchema.extend({ yanked: z.boolean().default(false) });
export type ResolvedEntry = z.infer<typeof resolvedEntrySchema>;

export const resolutionSchema = z.object({ resolved: z.record(z.string(), resolvedEntrySchema) });
/** Normalised package name → the chosen version and what is needed to fetch and verify it. */
export type Resolution = z.infer<typeof resolutionSchema>;

/** One archive to fetch and verify: a resolved entry with its (normalised) name. */
export interface ArchiveRef {
  name: string;
  version: string;
  sha256: string;
  blake3: string;
  size: number;
  keyId: string;
  signature: string;
}
