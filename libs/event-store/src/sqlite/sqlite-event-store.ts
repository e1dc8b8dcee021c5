import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { DomainEvent } from '@market/contracts';
import { encodeEvent } from '@market/contracts';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from '../event-store.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { matchesExpected } from '../expected-revision.js';
import { InvalidAppendError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors/event-store-error.js';
import { validateAppend } from '../validate-append.js';
import { limitOf } from '../read-limit.js';
import { ChangeNotifier, type ChangeNotifierOptions } from './change-notifier.js';
import type { SqliteSynchronous } from './sqlite-schema.js';
import { prepareSqliteFile } from './sqlite-schema.js';
import type { SqliteEventRow } from './sqlite-row.js';
import { selectEventColumns, toStoredEvent } from './sqlite-row.js';

export interface SqliteEventStoreOptions {
  /** The database file; created with its tables when absent. */
  path: string;
  /** Default NORMAL (durable across process crashes); FULL also across power loss. */
  synchronous?: SqliteSynchronous;
  /**
   * How often an idle subscriber checks for commits by other processes when the file's directory
   * cannot be watched. Default 2 ms. With the watch (the default), a commit is noticed at once and
   * polling is a 250 ms backstop.
   */
  pollIntervalMs?: number;
  /** Notice other processes' commits through a watch on the file's directory. Default true. */
  watch?: boolean;
  /** How long an append waits for another process's write transaction. Default 10 s. */
  busyTimeoutMs?: number;
}

interface EncodedEvent {
  eventId: string;
  type: string;
  metadata: string;
  data: string;
}

const SUBSCRIPTION_BATCH = 1000;

/**
 * The embedded event store: one SQLite file in WAL mode, shared safely by several processes.
 *
 * Ordering guarantee: SQLite admits one writer at a time (BEGIN IMMEDIATE takes the write lock
 * before reading the stream revision), and a position is assigned inside that transaction as
 * max(position)+1. So positions are handed out in commit order, and a reader can never see
 * position N+1 committed while N is still pending: tailing by `position > last seen` has no
 * gaps and no reordering, across processes too.
 */
export class SqliteEventStore implements EventStore {
  private readonly notifier: ChangeNotifier;
  private readonly statements: {
    streamRevision: Statement<[string], bigint>;
    insertEvent: Statement<[string, bigint, string, string, string, string]>;
    upsertStream: Statement<[string, bigint]>;
    readAll: Statement<[bigint, number], SqliteEventRow>;
    readStream: Statement<[string, bigint, number], SqliteEventRow>;
    head: Statement<[], bigint | null>;
  };
  private readonly appendTransaction: (
    stream: string,
    events: EncodedEvent[],
    expected: ExpectedRevision,
  ) => AppendResult;
  private closed = false;

  private constructor(
    private readonly db: Db,
    notifierOptions: ChangeNotifierOptions,
  ) {
    this.notifier = new ChangeNotifier(db, notifierOptions);
    this.statements = {
      streamRevision: db.prepare<[string], bigint>('SELECT revision FROM streams WHERE stream = ?').pluck(),
      insertEvent: db.prepare(
        'INSERT INTO events (stream, revision, event_id, type, metadata, data) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertStream: db.prepare(
        'INSERT INTO streams (stream, revision) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision',
      ),
      readAll: db.prepare(`SELECT ${selectEventColumns} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      readStream: db.prepare(
        `SELECT ${selectEventColumns} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      head: db.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck(),
    };
    const transaction = db.transaction((stream: string, events: EncodedEvent[], expected: ExpectedRevision) => {
      const actual = this.statements.streamRevision.get(stream);
      if (!matchesExpected(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
      let revision = actual ?? -1n;
      let position = 0n;
      for (const event of events) {
        revision += 1n;
        const { lastInsertRowid } = this.statements.insertEvent.run(
          stream,
          revision,
          event.eventId,
          event.type,
          event.metadata,
          event.data,
        );
        position = BigInt(lastInsertRowid);
      }
      this.statements.upsertStream.run(stream, revision);
      return { nextExpectedRevision: revision, position };
    });
    this.appendTransaction = transaction.immediate;
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 10_000 });
    try {
      db.defaultSafeIntegers(true);
      prepareSqliteFile(db, options.synchronous ?? 'NORMAL');
      return new SqliteEventStore(db, {
        pollIntervalMs: options.pollIntervalMs ?? 2,
        ...(options.watch === false || options.path === ':memory:' || options.path === ''
          ? {}
          : { watchFile: resolve(options.path) }),
      });
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async append(
    stream: string,
    events: readonly DomainEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(stream, events);
    // Encoding happens before the write lock is taken, so other writers are not held up by it.
    const encoded = events.map(encode);
    let result: AppendResult;
    try {
      result = this.appendTransaction(stream, encoded, options.expectedRevision ?? 'any');
    } catch (error) {
      throw translateSqliteError(error);
    }
    this.notifier.appended();
    return result;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.statements.readStream
      .all(stream, options.fromRevision ?? 0n, limitOf(options.maxCount))
      .map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.readAllSync(options.after ?? 0n, limitOf(options.maxCount));
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.statements.head.get() ?? 0n;
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    const { signal } = options;
    let cursor = options.after ?? 0n;
    while (!this.closed && !signal?.aborted) {
      const mark = this.notifier.mark();
      const batch = this.readAllSync(cursor, SUBSCRIPTION_BATCH);
      for (const event of batch) {
        if (this.closed || signal?.aborted) return;
        yield event;
        cursor = event.position;
      }
      if (batch.length < SUBSCRIPTION_BATCH && !this.closed) await this.notifier.waitForChange(mark, signal);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notifier.close();
    this.db.close();
  }

  private readAllSync(after: bigint, limit: number): StoredEvent[] {
    return this.statements.readAll.all(after, limit).map(toStoredEvent);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the SQLite event store is closed');
  }
}

export const openSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore =>
  SqliteEventStore.open(options);

const encode = (event: DomainEvent): EncodedEvent => {
  const { metadata, data } = encodeEvent(event);
  let metadataJson: string;
  let dataJson: string | undefined;
  try {
    metadataJson = JSON.stringify(metadata);
    dataJson = JSON.stringify(data);
  } catch (error) {
    throw new InvalidAppendError(`event ${event.eventId}: not serialisable as JSON (${(error as Error).message})`);
  }
  if (dataJson === undefined) throw new InvalidAppendError(`event ${event.eventId}: data is missing`);
  return { eventId: event.eventId, type: event.type, metadata: metadataJson, data: dataJson };
};

const translateSqliteError = (error: unknown): unknown => {
  if (!(error instanceof Database.SqliteError)) return error;
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('events.event_id')) {
    return new InvalidAppendError(`an event with the same eventId is already stored (${error.message})`);
  }
  if (error.code === 'SQLITE_BUSY' || error.code.startsWith('SQLITE_BUSY_')) {
    return new StoreUnavailableError('the SQLite event store stayed locked by another writer', { cause: error });
  }
  return error;
};
