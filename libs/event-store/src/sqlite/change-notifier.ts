import type { Database } from 'better-sqlite3';

/** What a subscriber had seen when it last read: compared against later to detect new commits. */
export interface ChangeMark {
  dataVersion: bigint;
  localAppends: number;
}

interface Waiter {
  mark: ChangeMark;
  wake: () => void;
}

/**
 * Wakes idle subscribers when the events table may have grown. `PRAGMA data_version` changes
 * when any *other* connection commits (another process, or another store object on the same
 * file), and one shared timer polls it while a subscriber waits; it does not change for this
 * connection's own commits, so those are counted here. A subscriber takes a mark before it
 * reads and waits against that mark, so a commit landing between its read and its wait (while
 * it was yielding events) is never missed.
 */
export class ChangeNotifier {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private localAppends = 0;
  /** Prepared once: `db.pragma()` prepares a statement on every call, and this runs every few ms. */
  private readonly readDataVersion;

  constructor(
    db: Database,
    private readonly pollIntervalMs: number,
  ) {
    this.readDataVersion = db.prepare<[], bigint | number>('PRAGMA data_version').pluck();
  }

  mark(): ChangeMark {
    return { dataVersion: this.dataVersion(), localAppends: this.localAppends };
  }

  /** Resolves once something was committed after `mark`, or on abort, or on close. */
  waitForChange(mark: ChangeMark, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || this.changedSince(mark)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        mark,
        wake: () => {
          this.waiters.delete(waiter);
          signal?.removeEventListener('abort', waiter.wake);
          if (this.waiters.size === 0) this.stopTimer();
          resolve();
        },
      };
      signal?.addEventListener('abort', waiter.wake, { once: true });
      this.waiters.add(waiter);
      this.timer ??= setInterval(() => this.poll(), this.pollIntervalMs);
    });
  }

  /** Called after each commit on this connection. */
  appended(): void {
    this.localAppends++;
    this.wakeAll();
  }

  wakeAll(): void {
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  private changedSince(mark: ChangeMark): boolean {
    return mark.localAppends !== this.localAppends || mark.dataVersion !== this.dataVersion();
  }

  private poll(): void {
    const current = this.dataVersion();
    for (const waiter of [...this.waiters]) if (waiter.mark.dataVersion !== current) waiter.wake();
  }

  private dataVersion(): bigint {
    return BigInt(this.readDataVersion.get()!);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
