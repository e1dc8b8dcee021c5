import Database from 'better-sqlite3';
import { prepareSqliteFile } from './sqlite-schema.js';

export interface RawSqliteRow {
  stream: string;
  /** Default: the stream's next revision. */
  revision?: bigint;
  eventId: string;
  type: string;
  /** Stored verbatim: need not be valid JSON. */
  metadata: string;
  /** Stored verbatim: need not be valid JSON. */
  data: string;
}

/**
 * TEST ONLY. Writes a row exactly as given, bypassing every check of `append`, through its own
 * connection (as a foreign or older writer would), so readers can be tested against corrupt or
 * unknown events. Returns the row's position.
 */
export const appendRawForTesting = (path: string, row: RawSqliteRow): bigint => {
  const db = new Database(path, { timeout: 10_000 });
  try {
    db.defaultSafeIntegers(true);
    prepareSqliteFile(db, 'NORMAL');
    const write = db.transaction(() => {
      const current = db
        .prepare<[string], bigint>('SELECT revision FROM streams WHERE stream = ?')
        .pluck()
        .get(row.stream);
      const revision = row.revision ?? (current ?? -1n) + 1n;
      const { lastInsertRowid } = db
        .prepare('INSERT INTO events (stream, revision, event_id, type, metadata, data) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.stream, revision, row.eventId, row.type, row.metadata, row.data);
      db.prepare(
        'INSERT INTO streams (stream, revision) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET revision = max(revision, excluded.revision)',
      ).run(row.stream, revision);
      return BigInt(lastInsertRowid);
    });
    return write.immediate();
  } finally {
    db.close();
  }
};
