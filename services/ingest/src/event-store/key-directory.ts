import { streams } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import { foldKey, type KeyState } from '../domain/key-state.js';
import { readDecoded } from './read-decoded.js';

const CACHE_LIMIT = 10_000;

/**
 * Publisher keys read from their own streams in the event store (the source of truth, not a
 * projection that may lag). A key is registered once and never changes afterwards, so a found
 * key is cached; an unknown one is not, because it may be registered a moment later.
 */
export class KeyDirectory {
  private readonly cache = new Map<string, KeyState>();

  constructor(private readonly store: EventStore) {}

  async find(keyId: string): Promise<KeyState | undefined> {
    const cached = this.cache.get(keyId);
    if (cached) return cached;
    const { events } = await readDecoded(this.store, streams.key(keyId));
    const key = foldKey(events);
    if (key) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(keyId, key);
    }
    return key;
  }
}
