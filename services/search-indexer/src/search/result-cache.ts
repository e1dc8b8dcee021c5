/**
 * Recent answers, valid only while the read model has not moved: every applied event moves the
 * projection's checkpoint, and the cache empties itself when it sees a new one. Search traffic
 * repeats itself (the same popular queries, the same first pages), so most answers are served
 * without touching the index while nothing is being published.
 */
export class ResultCache<V> {
  private readonly entries = new Map<string, V>();
  private version: bigint | undefined;

  constructor(private readonly capacity = 2_000) {}

  get(key: string, version: bigint): V | undefined {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
      return undefined;
    }
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map order is insertion order: re-inserting makes it the most recently used.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, version: bigint, value: V): void {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
