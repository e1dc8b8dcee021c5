import type { Database, Statement } from 'better-sqlite3';

export interface TransactionBatcherOptions {
  /** Commit after this many events at the latest. Default 1,000. */
  maxEvents?: number;
  /** Commit this long after the first uncommitted event at the latest. Default 20 ms. */
  maxDelayMs?: number;
  /** Runs inside the burst's transaction just before it commits (e.g. flushing deferred index writes). */
  beforeCommit?: () => void;
  /** Runs once a burst has committed (e.g. telling an external index writer there is work). */
  afterCommit?: () => void;
}

/**
 * Groups the projection's one-transaction-per-event into one SQLite transaction per burst: each
 * `SqliteReadModel.apply` then runs as a savepoint inside it, checkpoint included, so a crash
 * loses the whole uncommitted burst together with its checkpoint and the projection replays it —
 * never half of it. Per-event commits made FTS5 flush a tiny segment (and merge) every event,
 * which was most of the cost of a catch-up. Queries run on the same connection, so they see
 * every applied event at once, committed or not.
 */
export class TransactionBatcher {
  private readonly begin: Statement;
  private readonly commitStatement: Statement;
  private readonly maxEvents: number;
  private readonly maxDelayMs: number;
  private readonly beforeCommit: (() => void) | undefined;
  private readonly afterCommit: (() => void) | undefined;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    options: TransactionBatcherOptions = {},
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commitStatement = db.prepare('COMMIT');
    this.maxEvents = options.maxEvents ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 20;
    this.beforeCommit = options.beforeCommit;
    this.afterCommit = options.afterCommit;
  }

  run<T>(change: () => T): T {
    if (!this.db.inTransaction) this.begin.run();
    try {
      return change();
    } finally {
      this.pending++;
      if (this.pending >= this.maxEvents) this.commit();
      else this.timer ??= setTimeout(() => this.commit(), this.maxDelayMs);
    }
  }

  commit(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = 0;
    if (!this.db.open || !this.db.inTransaction) return;
    this.beforeCommit?.();
    this.commitStatement.run();
    this.afterCommit?.();
  }
}
