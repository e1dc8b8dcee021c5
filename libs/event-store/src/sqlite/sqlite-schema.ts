import type { Database } from 'better-sqlite3';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

/**
 * `position` is the rowid: SQLite assigns max(rowid)+1 inside the write transaction, and there
 * is only ever one writer, so positions are dense and follow commit order. Rows are never
 * deleted, so a position is never reused.
 */
const schema = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream   TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    event_id TEXT    NOT NULL UNIQUE,
    type     TEXT    NOT NULL,
    metadata TEXT    NOT NULL,
    data     TEXT    NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE TABLE IF NOT EXISTS streams (
    stream   TEXT    PRIMARY KEY,
    revision INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/** Idempotent; safe when several processes open the same file at once (busy_timeout covers the race). */
export const prepareSqliteFile = (db: Database, synchronous: SqliteSynchronous): void => {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (not a power cut); FULL also survives power loss.
  db.pragma(`synchronous = ${synchronous}`);
  db.transaction(() => db.exec(schema)).immediate();
};
