import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
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

export interface ChangeNotifierOptions {
  /** How often a waiting subscriber checks for commits when the file cannot be watched. */
  pollIntervalMs: number;
  /**
   * The database file. Its directory is watched (inotify on Linux) for writes to the file and
   * its WAL, and each one triggers a check at once; polling then only backs the watch up.
   */
  watchFile?: string;
  /** The backup poll while the watch works and nothing was written lately. Default 250 ms. */
  watchedPollIntervalMs?: number;
}

/**
 * How long after a write to the file the fast poll runs. A commit's first WAL write fires the
 * watch before the commit is complete (data_version has not moved yet), and its last one may
 * fire no event of its own (inotify merges events nobody has read yet), so a write is the cue to
 * poll fast for a while, not proof of a commit.
 */
const FAST_POLL_AFTER_WRITE_MS = 100;

/**
 * Wakes idle subscribers when the events table may have grown. `PRAGMA data_version` changes
 * when any *other* connection commits (another process, or another store object on the same
 * file); it does not change for this connection's own commits, so those are counted here. A
 * subscriber takes a mark before it reads and waits against that mark, so a commit landing
 * between its read and its wait (while it was yielding events) is never missed.
 *
 * Another process's commit is noticed through a watch on the file's directory: a commit writes
 * the WAL, the watch fires, and data_version is polled every few ms for the next 100 ms. Polling
 * every few ms all the time kept an idle relay at ~2% of a core; with the watch, a quiet store is
 * checked every 250 ms as a backstop. Without a watch (it cannot be set up, or fails), the fast
 * poll runs whenever someone waits.
 */
export class ChangeNotifier {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private localAppends = 0;
  /** Prepared once: `db.pragma()` prepares a statement on every call, and this runs often. */
  private readonly readDataVersion;
  private watcher: FSWatcher | undefined;
  /** Set once watching failed: from then on, the fast poll. */
  private watchFailed = false;
  private closed = false;
  /** Until when (Date.now()) the fast poll runs: shortly after the watch saw a write. */
  private fastUntil = 0;
  private timerIntervalMs = 0;

  constructor(
    db: Database,
    private readonly options: ChangeNotifierOptions,
  ) {
    this.readDataVersion = db.prepare<[], bigint | number>('PRAGMA data_version').pluck();
  }

  mark(): ChangeMark {
    return { dataVersion: this.dataVersion(), localAppends: this.localAppends };
  }

  /** Resolves once something was committed after `mark`, or on abort, or on close. */
  waitForChange(mark: ChangeMark, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || this.closed || this.changedSince(mark)) return Promise.resolve();
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
      const watch = this.startWatching();
      this.scheduleTimer();
      // A commit between the check above and a watch set up just now fired no event.
      if (watch === 'new') this.poll();
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

  /** Wakes every waiter and stops watching; the notifier must not be used afterwards. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    this.wakeAll();
  }

  /** Whether a watch is set up (it stays for the notifier's life): just now, already, or none can be. */
  private startWatching(): 'new' | 'existing' | 'none' {
    const file = this.options.watchFile;
    if (this.watcher) return 'existing';
    if (!file || this.watchFailed || this.closed) return 'none';
    const names = new Set([basename(file), `${basename(file)}-wal`]);
    try {
      this.watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (name !== null && !names.has(name)) return;
        this.fastUntil = Date.now() + FAST_POLL_AFTER_WRITE_MS;
        this.poll();
        this.scheduleTimer();
      });
    } catch {
      this.watchFailed = true;
      return 'none';
    }
    this.watcher.on('error', () => {
      this.watcher?.close();
      this.watcher = undefined;
      this.watchFailed = true;
      this.scheduleTimer(); // back to the fast poll for whoever is waiting now
    });
    return 'new';
  }

  private changedSince(mark: ChangeMark): boolean {
    return mark.localAppends !== this.localAppends || mark.dataVersion !== this.dataVersion();
  }

  private poll(): void {
    if (this.waiters.size === 0 || this.closed) return;
    const current = this.dataVersion();
    for (const waiter of [...this.waiters]) if (waiter.mark.dataVersion !== current) waiter.wake();
  }

  private dataVersion(): bigint {
    return BigInt(this.readDataVersion.get()!);
  }

  /** The poll timer at the interval that fits now (none when nobody waits). */
  private scheduleTimer(): void {
    if (this.waiters.size === 0 || this.closed) return this.stopTimer();
    const fast = !this.watcher || Date.now() < this.fastUntil;
    const interval = fast ? this.options.pollIntervalMs : (this.options.watchedPollIntervalMs ?? 250);
    if (this.timer && this.timerIntervalMs === interval) return;
    this.stopTimer();
    this.timerIntervalMs = interval;
    this.timer = setInterval(() => {
      this.poll();
      this.scheduleTimer();
    }, interval);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
