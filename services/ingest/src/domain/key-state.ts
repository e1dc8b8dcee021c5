import type { DomainEvent } from '@market/contracts';

/** A publisher key as its own stream (`streams.key(keyId)`) tells it. */
export interface KeyState {
  keyId: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  namespaces: readonly string[];
  owner: string;
}

export const evolveKey = (state: KeyState | undefined, event: DomainEvent): KeyState | undefined => {
  if (event.type !== 'PublisherKeyRegistered') return state;
  const { keyId, publicKey, namespaces, owner } = event.data;
  return { keyId, publicKey, namespaces, owner };
};

export const foldKey = (events: Iterable<DomainEvent>): KeyState | undefined => {
  let state: KeyState | undefined;
  for (const event of events) state = evolveKey(state, event);
  return state;
};
