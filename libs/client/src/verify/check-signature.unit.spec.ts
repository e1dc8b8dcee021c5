import { describe, expect, it } from 'vitest';
import { generateSigningKey, keyIdOf, signStatement } from '@market/pack';
import type { KeyView } from '../api/key-view.js';
import type { ArchiveRef } from '../api/resolution.js';
import { checkSignature } from './check-signature.js';

const key = generateSigningKey();
const other = generateSigningKey();
const keyId = keyIdOf(key.publicKey);
const view: KeyView = {
  keyId,
  publicKey: key.publicKey,
  namespaces: ['Acme_Corp'],
  owner: 'acme',
  registeredAt: '2025-01-01T00:00:00Z',
};
const statement = {
  name: 'acme-corp/widgets',
  version: '1.2.0',
  sha256: 'a'.repeat(64),
  blake3: 'b'.repeat(64),
  size: 123,
};
const ref: ArchiveRef = { ...statement, keyId, signature: signStatement(key.privateKeyPem, statement) };

describe('checkSignature', () => {
  it('accepts the signed statement from a key of the namespace (namespaces fold like names)', () => {
    expect(checkSignature(ref, view)).toEqual({ ok: true });
  });

  it.each([
    ['another version', { version: '1.2.1' }],
    ['another name', { name: 'acme-corp/gadgets' }],
    ['another sha256', { sha256: 'c'.repeat(64) }],
    ['another blake3', { blake3: 'c'.repeat(64) }],
    ['another size', { size: 124 }],
    ['a signature by another key', { signature: signStatement(other.privateKeyPem, statement) }],
    ['a garbled signature', { signature: `${ref.signature.slice(0, -4)}AAA=` }],
  ] as [string, Partial<ArchiveRef>][])('refuses %s as signature_invalid', (_what, change) => {
    expect(checkSignature({ ...ref, ...change }, view)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a registry that hands out another key under the signed key id', () => {
    expect(checkSignature(ref, { ...view, publicKey: other.publicKey })).toMatchObject({
      ok: false,
      code: 'key_mismatch',
    });
    expect(checkSignature(ref, { ...view, publicKey: 'not base64' })).toMatchObject({
      ok: false,
      code: 'key_mismatch',
    });
  });

  it('refuses a key registered for another namespace, even with a valid signature', () => {
    const statement2 = { ...statement, name: 'globex/widgets' };
    const signed = { ...ref, ...statement2, signature: signStatement(key.privateKeyPem, statement2) };
    expect(checkSignature(signed, view)).toMatchObject({ ok: false, code: 'key_not_authorized' });
  });
});
