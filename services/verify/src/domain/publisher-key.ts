/** A publisher key as verify knows it from PublisherKeyRegistered (and, later, revocations). */
export interface PublisherKey {
  keyId: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  namespaces: readonly string[];
  owner: string;
  /** ISO time from which signatures by this key are no longer trusted; null while trusted. */
  revokedFrom: string | null;
}
