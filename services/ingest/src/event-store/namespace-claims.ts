import { decodeEvent, newEvent, streams } from '@market/contracts';
import { isWrongExpectedRevision, type EventStore } from '@market/event-store';
import { normalizeNamespace } from '../domain/namespace.js';

/** Which key first claimed each namespace, as of one revision of the `namespace-claims` stream. */
export interface ClaimsSnapshot {
  /** Normalised namespace → the key id that claimed it. */
  readonly owners: ReadonlyMap<string, string>;
  /** The stream's last revision, or undefined when nothing was ever claimed. */
  readonly revision: bigint | undefined;
}

/**
 * The authority on who claimed a namespace first: the `namespace-claims` stream, read from the
 * event store (not a projection that may lag). A claim is appended with the revision its decision
 * read, so of two replicas deciding at once only one append succeeds; the other gets `false` back
 * and decides again on the newer snapshot.
 */
export class NamespaceClaims {
  /** Claims never change once appended, so the snapshot is extended, never re-read. */
  private cached: ClaimsSnapshot = { owners: new Map(), revision: undefined };

  constructor(private readonly store: EventStore) {}

  async snapshot(): Promise<ClaimsSnapshot> {
    const { revision } = this.cached;
    const raw = await this.store.readStream(
      streams.namespaceClaims(),
      revision === undefined ? {} : { fromRevision: revision + 1n },
    );
    if (raw.length === 0) return this.cached;
    const owners = new Map(this.cached.owners);
    for (const record of raw) {
      const decoded = decodeEvent(record);
      if (!decoded.ok || decoded.event.type !== 'NamespacesClaimed') continue;
      for (const ns of decoded.event.data.namespaces) if (!owners.has(ns)) owners.set(ns, decoded.event.data.keyId);
    }
    this.cached = { owners, revision: raw.at(-1)!.revision };
    return this.cached;
  }

  /**
   * Appends `keyId`'s first claim of `namespaces` (normalised here) if the stream is still at
   * `seen.revision`. Returns false when another claim landed since: decide again.
   */
  async claim(
    seen: ClaimsSnapshot,
    keyId: string,
    namespaces: readonly string[],
    metadata: { actor: string; traceparent?: string | null },
  ): Promise<boolean> {
    const stream = streams.namespaceClaims();
    const event = newEvent(
      'NamespacesClaimed',
      stream,
      { keyId, namespaces: namespaces.map(normalizeNamespace) },
      metadata,
    );
    try {
      await this.store.append(stream, [event], { expectedRevision: seen.revision ?? 'no_stream' });
      return true;
    } catch (error) {
      if (isWrongExpectedRevision(error)) return false;
      throw error;
    }
  }
}
