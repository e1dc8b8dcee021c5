/**
 * Downloads counted in memory and flushed as DownloadsCounted events. Counts are statistics:
 * a crash loses at most one flush interval, which is the trade for not appending an event per
 * download.
 */
export class DownloadTally {
  private counts = new Map<string, { name: string; version: string; count: number }>();

  add(name: string, version: string): void {
    const key = `${name}@${version}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { name, version, count: 1 });
  }

  /** Takes the counts accumulated so far, leaving the tally empty. */
  drain(): { name: string; version: string; count: number }[] {
    const drained = [...this.counts.values()];
    this.counts = new Map();
    return drained;
  }

  get size(): number {
    return this.counts.size;
  }
}
