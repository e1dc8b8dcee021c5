import { z } from 'zod';
import { keyIdSchema, namespaceSchema } from '@market/contracts';

export const registerKeyBodySchema = z.object({
  /** Raw 32-byte Ed25519 public key, canonical base64. */
  publicKey: z.string().min(1).max(200),
  namespaces: z.array(namespaceSchema).min(1).max(100),
  owner: z.string().trim().min(1).max(200),
  /** By a key already registered for every claimed namespace, over canonicalCommand({ action: 'endorse', keyId, namespaces }). */
  endorsement: z.object({ keyId: keyIdSchema, signature: z.string().min(1).max(200) }).optional(),
});

export type RegisterKeyBody = z.output<typeof registerKeyBodySchema>;
