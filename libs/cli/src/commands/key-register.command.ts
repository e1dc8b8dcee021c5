import { resolve } from 'node:path';
import type { CommandSpec } from '../args/command-spec.js';
import { listOption, stringOption } from '../command-context.js';
import { usageError } from '../errors/cli-error.js';
import { readSigner } from '../publish/key-file.js';
import type { Signer } from '../sdk.js';

export const keyRegisterCommand: CommandSpec = {
  name: 'key register',
  summary: 'register your public key for one or more namespaces',
  usage: 'market key register --namespace <ns>... --owner <who> [--endorser-key <file>]',
  description: [
    'The first key to claim a namespace owns it. Claiming a namespace that another key owns needs',
    'an endorsement: --endorser-key signs your key id and namespaces with a key of that namespace.',
  ].join('\n'),
  options: {
    namespace: {
      type: 'string',
      multiple: true,
      value: 'ns',
      description: 'a namespace this key may publish in (repeatable)',
    },
    owner: { type: 'string', value: 'who', description: 'person or team owning the key; required' },
    'endorser-key': {
      type: 'string',
      value: 'file',
      description: 'private key already registered for those namespaces',
    },
  },
  positionals: { min: 0, max: 0 },
  examples: [
    'market key register --namespace demo --owner "Platform Team <platform@example.com>"',
    'market key register --namespace demo --owner "CI" --key ci.pem --endorser-key ~/.config/market/key.pem',
  ],
  run: async (ctx) => {
    const namespaces = listOption(ctx, 'namespace');
    const owner = stringOption(ctx, 'owner');
    if (namespaces.length === 0) throw usageError('key register needs at least one --namespace');
    if (!owner?.trim()) throw usageError('key register needs --owner "<person or team>"');
    const signer = await ctx.signer();
    const endorserFile = stringOption(ctx, 'endorser-key');
    let endorsement: { keyId: string; signature: string } | undefined;
    if (endorserFile) {
      const endorser: Signer = await readSigner(resolve(ctx.io.cwd, endorserFile));
      endorsement = {
        keyId: endorser.keyId,
        signature: endorser.signCommand({ action: 'endorse', keyId: signer.keyId, namespaces }),
      };
    }
    const { keyId } = await ctx
      .client()
      .registerKey({ publicKey: signer.publicKey, namespaces, owner, ...(endorsement ? { endorsement } : {}) });
    return {
      json: { keyId, namespaces, owner, endorsedBy: endorsement?.keyId ?? null },
      human: `registered key ${keyId} for ${namespaces.join(', ')} (owner ${owner})${endorsement ? `, endorsed by ${endorsement.keyId}` : ''}`,
    };
  },
};
