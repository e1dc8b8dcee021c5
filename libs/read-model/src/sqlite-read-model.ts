import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { createBookkeeping } from './bookkeeping.js';
import { dropObjects, migrate } from './migrations.js';
import { ReadModelError } from './read-model-error.js';

export interface SqliteReadModelOptions {
  /** File path (created if missing) or ':memory:'. */
  path: string;
  /** Read-model name: keys the checkpoint, so several read models can share one file. */
  name: string;
  /** Schema statements, append-only: editing one makes the read model rebuild from scratch. */
  migrations: readonly string[];
}

/**
 * A SQLite read model whose checkpoint (the last applied global position) is written in the same
 * transaction as the change, so a crash or a redelivery can never apply an event twice or lose one.
 */
export class SqliteReadModel {
  private readonly readCheckpoint;
  private readonly writeCheckpoint;

  private constructor(
    readonly db: Db,
    readonly name: string,
    private readonly migrations: readonly string[],
  ) {
    this.readCheckpoint = db
      .prepare<[string], bigint>('SELECT position FROM _rm_checkpoints WHERE name = ?')
      .pluck()
      .safeIntegers(true);
    this.writeCheckpoint = db.prepare(
      'INSERT INTO _rm_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
  }

  static open({ path, name, migrations }: SqliteReadModelOptions): SqliteReadModel {
    const db = new Database(path, { timeout: 10_000 });
    try {
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL survives a killed process (the crash the tests inflict); a power cut may lose
      // the last transactions, which the projection then re-applies from its older checkpoint.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.transaction(() => {
        createBookkeeping(db);
        migrate(db, name, migrations);
      }).immediate();
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteReadModel(db, name, migrations);
  }

  /** The last applied global position, 0n when nothing was applied yet. */
  lastPosition(): bigint {
    return this.readCheckpoint.get(this.name) ?? 0n;
  }

  /**
   * Runs `change` and moves the checkpoint to `position` in one transaction. Returns false (and
   * runs nothing) when `position` is not after the checkpoint: the event was applied before.
   * `change` must be synchronous: better-sqlite3 transactions cannot span an await.
   */
  apply(position: bigint, change: (db: Db) => void): boolean {
    if (typeof position !== 'bigint' || position <= 0n) {
      throw new ReadModelError(
        'bad_position',
        `read model ${this.name}: position must be a positive bigint, got ${String(position)}`,
      );
    }
    return this.db
      .transaction(() => {
        if (position <= this.lastPosition()) return false;
        const result: unknown = change(this.db);
        if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
          throw new ReadModelError(
            'async_apply',
            `read model ${this.name}: apply must be synchronous (it returned a promise)`,
          );
        }
        this.writeCheckpoint.run(this.name, position);
        return true;
      })
      .immediate();
  }

  /**
   * Several changes, each with its event's position (ascending), in one transaction whose
   * checkpoint ends at the last position: all of them or none. Changes at or before the
   * checkpoint are skipped (applied before). Returns how many ran. One commit for many events
   * is what keeps a busy projection cheap; exactly-once holds as for `apply`.
   */
  applyBatch(changes: readonly { position: bigint; change: (db: Db) => void }[]): number {
    let previous = 0n;
    for (const { position } of changes) {
      if (typeof position !== 'bigint' || position <= previous) {
        throw new ReadModelError(
          'bad_position',
          `read model ${this.name}: batch positions must be ascending positive bigints, got ${String(position)}`,
        );
      }
      previous = position;
    }
    if (changes.length === 0) return 0;
    return this.db
      .transaction(() => {
        const checkpoint = this.lastPosition();
        let ran = 0;
        for (const { position, change } of changes) {
          if (position <= checkpoint) continue;
          const result: unknown = change(this.db);
          if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
            throw new ReadModelError(
              'async_apply',
              `read model ${this.name}: apply must be synchronous (it returned a promise)`,
            );
          }
          ran++;
        }
        if (ran > 0) this.writeCheckpoint.run(this.name, previous);
        return ran;
      })
      .immediate();
  }

  /** Drops everything the migrations created and the checkpoint, then re-runs the migrations: ready to rebuild from history. */
  drop(): void {
    this.db
      .transaction(() => {
        dropObjects(this.db, this.name);
        migrate(this.db, this.name, this.migrations);
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
