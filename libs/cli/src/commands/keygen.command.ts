import { generateSigningKey, keyIdOf } from '@market/pack';
import type { CommandSpec } from '../args/command-spec.js';
import { flag } from '../command-context.js';
import { writeKeyFile } from '../publish/key-file.js';

export const keygenCommand: CommandSpec = {
  name: 'keygen',
  summary: 'create an Ed25519 publisher key (private key file with mode 0600)',
  usage: 'market keygen [--key <file>] [--force]',
  description:
    'Writes the private key (PKCS#8 PEM) to --key / MARKET_KEY / ~/.config/market/key.pem and prints the public key and key id. It never overwrites a key unless --force.',
  options: { force: { type: 'boolean', description: 'replace an existing key file' } },
  positionals: { min: 0, max: 0 },
  examples: ['market keygen', 'market keygen --key ./keys/ci.pem --json'],
  run: async (ctx) => {
    const key = generateSigningKey();
    const keyId = keyIdOf(key.publicKey);
    await writeKeyFile(ctx.settings.keyFile, key.privateKeyPem, flag(ctx, 'force'));
    return {
      json: { keyId, publicKey: key.publicKey, keyFile: ctx.settings.keyFile },
      human: [
        `key ${keyId} written to ${ctx.settings.keyFile} (mode 0600)`,
        `public key: ${key.publicKey}`,
        'next: market key register --namespace <ns> --owner "<you>"',
      ].join('\n'),
    };
  },
};
