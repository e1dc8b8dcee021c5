import { normalizePackageName } from '@market/contracts';
import { keyIdOf, verifyStatement } from '@market/pack';
import type { KeyView } from '../api/key-view.js';
import type { ArchiveRef } from '../api/resolution.js';

export type SignatureCheck =
  | { ok: true }
  | { ok: false; code: 'key_mismatch' | 'key_not_authorized' | 'signature_invalid'; detail: string };

const namespaceOf = (name: string): string => normalizePackageName(name.slice(0, name.indexOf('/')));

/**
 * The checks a careful consumer makes before trusting an archive's metadata: the key the
 * registry handed out really has the id that was signed with, it is registered for the pack's
 * namespace, and its Ed25519 signature covers exactly this name, version, digests and size.
 */
export const checkSignature = (ref: ArchiveRef, key: KeyView): SignatureCheck => {
  let actualId: string;
  try {
    actualId = keyIdOf(key.publicKey);
  } catch {
    return {
      ok: false,
      code: 'key_mismatch',
      detail: `the registry's key ${ref.keyId} is not a valid Ed25519 public key`,
    };
  }
  if (actualId !== ref.keyId || key.keyId !== ref.keyId) {
    return {
      ok: false,
      code: 'key_mismatch',
      detail: `the registry answered key ${actualId} when asked for ${ref.keyId}, which signed ${ref.name}@${ref.version}`,
    };
  }
  const namespace = namespaceOf(ref.name);
  if (!key.namespaces.some((ns) => normalizePackageName(ns) === namespace)) {
    return {
      ok: false,
      code: 'key_not_authorized',
      detail: `key ${ref.keyId} (${key.owner}) is registered for ${key.namespaces.join(', ') || 'no namespace'}, not for the namespace of ${ref.name}`,
    };
  }
  const { name, version, sha256, blake3, size, signature } = ref;
  if (!verifyStatement(key.publicKey, { name, version, sha256, blake3, size }, signature)) {
    return {
      ok: false,
      code: 'signature_invalid',
      detail: `the signature of ${name}@${version} does not verify with key ${ref.keyId} over its name, version, SHA-256 ${sha256}, BLAKE3 and size ${size}`,
    };
  }
  return { ok: true };
};
