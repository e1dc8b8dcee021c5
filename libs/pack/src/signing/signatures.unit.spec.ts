import { createHash, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPackError } from '../errors/pack-error.js';
import { canonicalCommand } from './canonical-command.js';
import { canonicalStatement, type PackStatement } from './canonical-statement.js';
import { generateSigningKey, keyIdOf, publicKeyOf } from './ed25519-keys.js';
import { signCommand, signStatement, verifyCommand, verifyStatement } from './ed25519-signatures.js';

const key = generateSigningKey();
const other = generateSigningKey();
const statement: PackStatement = {
  name: 'acme/hello',
  version: '1.0.0',
  sha256: 'a'.repeat(64),
  blake3: 'b'.repeat(64),
  size: 1234,
};

describe('canonicalStatement', () => {
  it('is a domain prefix followed by JSON in a fixed key order', () => {
    const reordered = {
      size: 1234,
      blake3: 'b'.repeat(64),
      sha256: 'a'.repeat(64),
      version: '1.0.0',
      name: 'acme/hello',
    };
    const bytes = canonicalStatement(reordered);
    expect(bytes.toString()).toBe(
      `market-pack-statement/v1\n{"name":"acme/hello","version":"1.0.0","sha256":"${'a'.repeat(64)}","blake3":"${'b'.repeat(64)}","size":1234}`,
    );
    expect(canonicalStatement(statement).equals(bytes)).toBe(true);
  });

  it('normalises the name so look-alike spellings sign the same package', () => {
    expect(canonicalStatement({ ...statement, name: 'Acme/Hello' }).equals(canonicalStatement(statement))).toBe(true);
  });

  it.each([
    [{ name: 'hello' }, /^name/],
    [{ version: '1.0' }, /^version/],
    [{ sha256: 'A'.repeat(64) }, /^sha256/],
    [{ blake3: 'b'.repeat(63) }, /^blake3/],
    [{ size: -1 }, /^size/],
    [{ size: 1.5 }, /^size/],
  ])('refuses %j with statement_invalid', (change, detail) => {
    try {
      canonicalStatement({ ...statement, ...change });
      expect.unreachable();
    } catch (error) {
      expect(isPackError(error, 'statement_invalid')).toBe(true);
      expect((error as { detail: string }).detail).toMatch(detail);
    }
  });
});

describe('keys', () => {
  it('key id is the hex of the first 16 bytes of sha256(raw public key)', () => {
    const raw = Buffer.from(key.publicKey, 'base64');
    expect(raw).toHaveLength(32);
    expect(keyIdOf(key.publicKey)).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 32));
    expect(publicKeyOf(key.privateKeyPem)).toBe(key.publicKey);
  });

  it.each(['', 'AAAA', `${key.publicKey}AAAA`, key.publicKey.replace(/=$/, ''), `*${key.publicKey.slice(1)}`])(
    'keyIdOf(%j) fails with key_invalid',
    (bad) => {
      expect(() => keyIdOf(bad)).toThrow(expect.objectContaining({ code: 'key_invalid' }));
    },
  );

  it('signing refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => signStatement(rsa, statement)).toThrow(expect.objectContaining({ code: 'key_invalid' }));
    expect(() => signStatement('not a pem', statement)).toThrow(expect.objectContaining({ code: 'key_invalid' }));
  });
});

describe('statement signatures', () => {
  const signature = signStatement(key.privateKeyPem, canonicalStatement(statement));

  it('verify with the signing key, from bytes or from fields', () => {
    expect(verifyStatement(key.publicKey, canonicalStatement(statement), signature)).toBe(true);
    expect(verifyStatement(key.publicKey, statement, signature)).toBe(true);
    expect(verifyStatement(other.publicKey, statement, signature)).toBe(false);
  });

  const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
  const field = fc.oneof(
    fc.record({ name: fc.constantFrom('acme/other', 'evil/hello', 'acme/hello2') }),
    fc.record({ version: fc.constantFrom('1.0.1', '1.0.0-rc.1', '2.0.0', '1.0.0+build') }),
    fc.record({ sha256: hex64 }),
    fc.record({ blake3: hex64 }),
    fc.record({ size: fc.nat() }),
  );

  it('any changed field fails verification (property)', () => {
    fc.assert(
      fc.property(field, (change) => {
        const changed = { ...statement, ...change };
        fc.pre(JSON.stringify(canonicalStatement(changed)) !== JSON.stringify(canonicalStatement(statement)));
        expect(verifyStatement(key.publicKey, changed, signature)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('sign then verify round-trips for any valid statement (property)', () => {
    fc.assert(
      fc.property(hex64, hex64, fc.nat(), (sha256, blake3, size) => {
        const s = { ...statement, sha256, blake3, size };
        expect(verifyStatement(key.publicKey, s, signStatement(key.privateKeyPem, s))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('never throws on garbage: it just says false (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (publicKey, bytes, sig) => {
        expect(verifyStatement(publicKey as string, bytes as Uint8Array, sig as string)).toBe(false);
        expect(verifyCommand(publicKey as string, bytes as Record<string, never>, sig as string)).toBe(false);
      }),
      { numRuns: 300 },
    );
    const raw = Buffer.from(signature, 'base64');
    for (const bad of [
      '',
      '!!!!',
      signature.slice(0, -4),
      `${signature}AAAA`,
      ` ${signature}`,
      raw.subarray(0, 63).toString('base64'),
    ]) {
      expect(verifyStatement(key.publicKey, statement, bad)).toBe(false);
    }
    expect(verifyStatement(Buffer.alloc(32, 0xff).toString('base64'), statement, signature)).toBe(false);
    expect(verifyStatement(key.publicKey, { ...statement, size: -1 }, signature)).toBe(false);
  });

  it('a flipped bit anywhere in the signature fails', () => {
    const raw = Buffer.from(signature, 'base64');
    for (let bit = 0; bit < raw.length * 8; bit += 7) {
      const flipped = Buffer.from(raw);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(verifyStatement(key.publicKey, statement, flipped.toString('base64'))).toBe(false);
    }
  });
});

describe('command signatures', () => {
  const command = {
    action: 'yank',
    name: 'acme/hello',
    version: '1.0.0',
    reason: 'broken',
    issuedAt: '2025-01-01T00:00:00Z',
  };
  const signature = signCommand(key.privateKeyPem, command);

  it('canonical form sorts keys at every level', () => {
    expect(canonicalCommand({ b: 1, a: { d: [true, null], c: 'x' } }).toString()).toBe(
      'market-command/v1\n{"a":{"c":"x","d":[true,null]},"b":1}',
    );
    expect(
      canonicalCommand({ a: { c: 'x', d: [true, null] }, b: 1 }).equals(
        canonicalCommand({ b: 1, a: { d: [true, null], c: 'x' } }),
      ),
    ).toBe(true);
  });

  it.each([
    ['undefined', { a: undefined }],
    ['NaN', { a: Number.NaN }],
    ['a Date', { a: new Date(0) }],
    ['a bigint', { a: 1n }],
    ['an array at the top', [1, 2]],
  ])('refuses %s', (_what, bad) => {
    expect(() => canonicalCommand(bad as never)).toThrow(expect.objectContaining({ code: 'command_invalid' }));
  });

  it('verify round-trips and binds every field', () => {
    expect(verifyCommand(key.publicKey, { ...command }, signature)).toBe(true);
    expect(verifyCommand(key.publicKey, { ...command, version: '1.0.1' }, signature)).toBe(false);
    expect(verifyCommand(key.publicKey, { ...command, extra: 1 }, signature)).toBe(false);
    expect(verifyCommand(other.publicKey, command, signature)).toBe(false);
  });

  it('domains are separate: a statement signature is not a command signature and back', () => {
    const statementSignature = signStatement(key.privateKeyPem, statement);
    expect(verifyCommand(key.publicKey, { ...statement }, statementSignature)).toBe(false);
    const commandBytes = canonicalCommand(command);
    expect(verifyStatement(key.publicKey, commandBytes, signature)).toBe(false);
    expect(() => signStatement(key.privateKeyPem, commandBytes)).toThrow(
      expect.objectContaining({ code: 'statement_invalid' }),
    );
  });
});
