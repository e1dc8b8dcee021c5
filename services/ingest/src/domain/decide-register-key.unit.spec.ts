import { describe, expect, it } from 'vitest';
import { decideRegisterKey, type RegisterKeyContext } from './decide-register-key.js';

const command = { keyId: 'ab'.repeat(8), publicKey: 'cHVi', namespaces: ['acme', 'Other_NS'], owner: 'alice' };
const endorser = { keyId: 'cd'.repeat(8), publicKey: 'ZW5k', namespaces: ['ACME'], owner: 'bob' };
const free: RegisterKeyContext = {
  existing: undefined,
  claimedNamespaces: new Set(),
  endorser: undefined,
  endorsementSignatureValid: false,
};

describe('decideRegisterKey', () => {
  it('lets the first key claim free namespaces', () => {
    expect(decideRegisterKey(command, free)).toEqual({
      ok: true,
      event: {
        type: 'PublisherKeyRegistered',
        data: { keyId: command.keyId, publicKey: 'cHVi', namespaces: ['acme', 'Other_NS'], owner: 'alice' },
      },
    });
  });

  it('registers a key id once', () => {
    expect(decideRegisterKey(command, { ...free, existing: { ...command } })).toMatchObject({
      status: 409,
      code: 'key_exists',
    });
  });

  it('requires an endorsement for a claimed namespace, matched after folding case and separators', () => {
    const claimed = { ...free, claimedNamespaces: new Set(['other-ns']) };
    expect(decideRegisterKey(command, claimed)).toMatchObject({ status: 403, code: 'endorsement_required' });
  });

  it('accepts only an endorser registered for every claimed namespace, with a valid signature', () => {
    const claimed = { ...free, claimedNamespaces: new Set(['acme']) };
    const endorsed = { ...command, endorsement: { keyId: endorser.keyId } };
    expect(decideRegisterKey(endorsed, claimed)).toMatchObject({ code: 'endorsement_invalid' });
    expect(decideRegisterKey(endorsed, { ...claimed, endorser })).toMatchObject({
      code: 'endorsement_invalid',
      detail: expect.stringContaining('signature'),
    });
    expect(decideRegisterKey(endorsed, { ...claimed, endorser, endorsementSignatureValid: true }).ok).toBe(true);
    const both = {
      ...claimed,
      claimedNamespaces: new Set(['acme', 'other-ns']),
      endorser,
      endorsementSignatureValid: true,
    };
    expect(decideRegisterKey(endorsed, both)).toMatchObject({
      code: 'endorsement_invalid',
      detail: expect.stringContaining('Other_NS'),
    });
  });
});
