import { keyIdSchema } from '@market/contracts';
import { z } from 'zod';

export const keyViewSchema = z
  .object({
    keyId: keyIdSchema,
    publicKey: z.string(),
    namespaces: z.array(z.string()),
    owner: z.string(),
    registeredAt: z.string(),
  })
  .passthrough();

export type KeyView = z.infer<typeof keyViewSchema>;

export interface RegisterKeyInput {
  /** Raw Ed25519 public key, base64. */
  publicKey: string;
  namespaces: string[];
  owner: string;
  /** Needed when a namespace is already claimed by another key: that key's signature over the endorse command. */
  endorsement?: { keyId: string; signature: string };
}
