import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { PackError } from '../errors/pack-error.js';
import { decodeStrictBase64 } from './strict-base64.js';

/** DER SubjectPublicKeyInfo header for an Ed25519 key; the raw 32 bytes follow it. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const RAW_PUBLIC_KEY_BYTES = 32;
const KEY_CACHE_LIMIT = 4096;

export interface SigningKey {
  /** Raw 32-byte Ed25519 public key, base64 (what PublisherKeyRegistered carries). */
  publicKey: string;
  /** PKCS#8 PEM; stays with the publisher. */
  privateKeyPem: string;
}

export const generateSigningKey = (): SigningKey => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: rawPublicKeyOf(publicKey).toString('base64'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
};

const rawPublicKeyOf = (key: KeyObject): Buffer =>
  key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);

/** Parses a PKCS#8 PEM and insists on Ed25519; throws `key_invalid` otherwise. */
export const privateKeyFromPem = (privateKeyPem: string): KeyObject => {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  } catch (error) {
    throw new PackError('key_invalid', 'private key is not a readable PEM', { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new PackError('key_invalid', `private key is ${key.asymmetricKeyType ?? 'unknown'}, expected ed25519`);
  }
  return key;
};

/** The base64 raw public key that belongs to a private key (the CLI keeps only the PEM). */
export const publicKeyOf = (privateKeyPem: string): string =>
  rawPublicKeyOf(createPublicKey(privateKeyFromPem(privateKeyPem))).toString('base64');

const rawPublicKey = (publicKeyBase64: string): Buffer | undefined => {
  const raw = decodeStrictBase64(publicKeyBase64);
  return raw?.length === RAW_PUBLIC_KEY_BYTES ? raw : undefined;
};

/** Hex of the first 16 bytes of sha256(raw public key). Throws `key_invalid` on a malformed key. */
export const keyIdOf = (publicKeyBase64: string): string => {
  const raw = rawPublicKey(publicKeyBase64);
  if (!raw) throw new PackError('key_invalid', 'public key must be base64 of 32 raw Ed25519 bytes');
  return createHash('sha256').update(raw).digest().subarray(0, 16).toString('hex');
};

/**
 * KeyObject for a base64 raw public key, or undefined if it is not one. Cached because
 * building a KeyObject costs more than the verification itself; the cache is bounded and
 * drops its oldest entry first.
 */
const publicKeyCache = new Map<string, KeyObject | undefined>();

export const publicKeyObject = (publicKeyBase64: string): KeyObject | undefined => {
  if (publicKeyCache.has(publicKeyBase64)) return publicKeyCache.get(publicKeyBase64);
  // Only well-formed 44-character keys reach the cache, so garbage cannot bloat it.
  const raw = rawPublicKey(publicKeyBase64);
  if (!raw) return undefined;
  let key: KeyObject | undefined;
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    key = undefined;
  }
  if (publicKeyCache.size >= KEY_CACHE_LIMIT) {
    const oldest = publicKeyCache.keys().next();
    if (!oldest.done) publicKeyCache.delete(oldest.value);
  }
  publicKeyCache.set(publicKeyBase64, key);
  return key;
};
