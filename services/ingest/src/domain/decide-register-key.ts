import type { EventData } from '@market/contracts';
import type { KeyState } from './key-state.js';
import { normalizeNamespace } from './namespace.js';

export interface RegisterKeyCommand {
  keyId: string;
  publicKey: string;
  namespaces: readonly string[];
  owner: string;
  endorsement?: { keyId: string } | undefined;
}

/** What the decision needs to know, gathered from the event store beforehand. */
export interface RegisterKeyContext {
  /** The new key's own stream, folded (a key id is registered once, ever). */
  existing: KeyState | undefined;
  /** Normalised namespaces that some key already claims. */
  claimedNamespaces: ReadonlySet<string>;
  /** The endorsing key's stream, folded, when an endorsement was given. */
  endorser: KeyState | undefined;
  /** Whether the endorsement signature verifies with the endorser's public key. */
  endorsementSignatureValid: boolean;
}

export type RegisterKeyDecision =
  | { ok: true; event: { type: 'PublisherKeyRegistered'; data: EventData<'PublisherKeyRegistered'> } }
  | {
      ok: false;
      status: 403 | 409;
      code: 'key_exists' | 'endorsement_required' | 'endorsement_invalid';
      detail: string;
    };

/**
 * The first key to name a namespace claims it; every later key for that namespace must be
 * endorsed by a key already registered for it, so nobody can sign into a namespace they do not own.
 */
export const decideRegisterKey = (command: RegisterKeyCommand, context: RegisterKeyContext): RegisterKeyDecision => {
  if (context.existing) {
    return { ok: false, status: 409, code: 'key_exists', detail: `key ${command.keyId} is already registered` };
  }
  const claimed = command.namespaces.filter((ns) => context.claimedNamespaces.has(normalizeNamespace(ns)));
  if (claimed.length > 0) {
    if (!command.endorsement) {
      return {
        ok: false,
        status: 403,
        code: 'endorsement_required',
        detail: `namespaces already claimed: ${claimed.join(', ')}; an endorsement by one of their keys is required`,
      };
    }
    const endorser = context.endorser;
    if (!endorser) {
      return {
        ok: false,
        status: 403,
        code: 'endorsement_invalid',
        detail: `endorsing key ${command.endorsement.keyId} is not registered`,
      };
    }
    const endorserNamespaces = new Set(endorser.namespaces.map(normalizeNamespace));
    const uncovered = claimed.filter((ns) => !endorserNamespaces.has(normalizeNamespace(ns)));
    if (uncovered.length > 0) {
      return {
        ok: false,
        status: 403,
        code: 'endorsement_invalid',
        detail: `endorsing key ${endorser.keyId} is not registered for: ${uncovered.join(', ')}`,
      };
    }
    if (!context.endorsementSignatureValid) {
      return { ok: false, status: 403, code: 'endorsement_invalid', detail: 'endorsement signature does not verify' };
    }
  }
  const { keyId, publicKey, owner } = command;
  return {
    ok: true,
    event: { type: 'PublisherKeyRegistered', data: { keyId, publicKey, namespaces: [...command.namespaces], owner } },
  };
};
