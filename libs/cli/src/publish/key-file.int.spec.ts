import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSigningKey, keyIdOf } from '@market/pack';
import { tempDir } from '@market/testing';
import { CliError } from '../errors/cli-error.js';
import { readSigner, writeKeyFile } from './key-file.js';

describe('key files (real files)', () => {
  const dir = tempDir('market-keys');
  afterAll(() => dir.remove());
  const key = generateSigningKey();

  it('writes the private key with mode 0600 in a new directory, and reads it back', async () => {
    const path = join(dir.path, 'nested', 'key.pem');
    const umask = process.umask(0);
    try {
      await writeKeyFile(path, key.privateKeyPem, false);
    } finally {
      process.umask(umask);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const signer = await readSigner(path);
    expect(signer.keyId).toBe(keyIdOf(key.publicKey));
    expect(signer.publicKey).toBe(key.publicKey);
  });

  it('never overwrites an existing key unless forced', async () => {
    const path = join(dir.path, 'once.pem');
    await writeKeyFile(path, key.privateKeyPem, false);
    const again = await writeKeyFile(path, generateSigningKey().privateKeyPem, false).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(CliError);
    expect((again as CliError).code).toBe('key_exists');
    expect((await readSigner(path)).publicKey).toBe(key.publicKey);
    const replacement = generateSigningKey();
    await writeKeyFile(path, replacement.privateKeyPem, true);
    expect((await readSigner(path)).publicKey).toBe(replacement.publicKey);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a key others can read, a missing key and a file that is not an Ed25519 key', async () => {
    const open = join(dir.path, 'open.pem');
    writeFileSync(open, key.privateKeyPem);
    chmodSync(open, 0o644);
    await expect(readSigner(open)).rejects.toThrow(/readable by others \(mode 0644\)/);
    await expect(readSigner(join(dir.path, 'absent.pem'))).rejects.toThrow(/no key at/);
    const junk = join(dir.path, 'junk.pem');
    writeFileSync(junk, 'not a key', { mode: 0o600 });
    await expect(readSigner(junk)).rejects.toMatchObject({ code: 'key_invalid' });
  });
});
