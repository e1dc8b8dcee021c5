import { z } from 'zod';
import { base64Schema, keyIdSchema, namespaceSchema } from './primitives.js';

/**
 * v1 registered a key for exactly one namespace. It is kept so that old events in the
 * store stay readable; readers always see v2 through the upcaster below.
 */
export const publisherKeyRegisteredV1 = z.object({
  keyId: keyIdSchema,
  publicKey: base64Schema,
  namespace: namespaceSchema,
  owner: z.string().min(1).max(200),
});

/** v2: a key may sign for several namespaces. */
export const publisherKeyRegisteredV2 = z.object({
  keyId: keyIdSchema,
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: base64Schema,
  namespaces: z.array(namespaceSchema).min(1).max(100),
  owner: z.string().min(1).max(200),
});

export const upcastPublisherKeyRegisteredV1 = (
  v1: z.infer<typeof publisherKeyRegisteredV1>,
): z.infer<typeof publisherKeyRegisteredV2> => ({
  keyId: v1.keyId,
  publicKey: v1.publicKey,
  namespaces: [v1.namespace],
  owner: v1.owner,
});

/**
 * First claims of namespaces, appended to the one `namespace-claims` stream with the revision the
 * claimer read, so two replicas can never both claim a namespace: the later append fails and that
 * registration decides again. A key's claims are appended before its PublisherKeyRegistered.
 * Namespaces are normalised as package names are (normalizePackageName: case, `-_.` folded).
 */
export const namespacesClaimedV1 = z.object({
  keyId: keyIdSchema,
  namespaces: z.array(namespaceSchema).min(1).max(100),
});
