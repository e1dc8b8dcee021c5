import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobKeys } from '../blob-store.js';
import { InvalidBlobKeyError } from '../errors/invalid-blob-key-error.js';
import { HOSTILE_KEYS } from '../testing/hostile-keys.js';
import { validateBlobKey } from './validate-blob-key.js';

describe('validateBlobKey', () => {
  it('accepts the keys the system builds', () => {
    expect(validateBlobKey(blobKeys.staging('0190f5e2-7d1c-7abc-9def-0123456789ab'))).toBe(
      'staging/0190f5e2-7d1c-7abc-9def-0123456789ab',
    );
    expect(validateBlobKey(blobKeys.content('a'.repeat(64)))).toBe(`sha256/${'a'.repeat(64)}`);
  });

  it.each(HOSTILE_KEYS)('refuses %j', (key) => {
    expect(() => validateBlobKey(key)).toThrow(InvalidBlobKeyError);
  });

  it('never accepts a key that could leave the root or hide a file', () => {
    const allowed = /^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/;
    // Path-shaped strings: the allowed alphabet mixed with separators, dots and look-alikes.
    const pathish = fc.string({
      unit: fc.constantFrom('a', 'z', '0', '9', '_', '-', '/', '.', '\\', 'A', ' ', '\u0000', 'é', '%', ':', '~'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(pathish, fc.string({ maxLength: 40 })), (key) => {
        try {
          validateBlobKey(key);
        } catch (error) {
          return error instanceof InvalidBlobKeyError;
        }
        return allowed.test(key) && !key.includes('.');
      }),
      { numRuns: 500 },
    );
  });
});
