import type Database from 'better-sqlite3';
import type { DecodedEvent } from '@market/contracts';
import { normalizePackageName } from '@market/contracts';

/** storage's read model: which digests are published, their size, and which versions use them. */
export const blobIndexMigrations = [
  `CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, refs INTEGER NOT NULL, stored_at TEXT NOT NULL)`,
  `CREATE TABLE blob_refs (sha256 TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, PRIMARY KEY (name, version))`,
  `CREATE INDEX blob_refs_by_digest ON blob_refs (sha256)`,
];

/**
 * Digests storage has promoted into the blob store and checked, recorded just before it appends
 * their Stored, so whoever observes Stored can already download them. That is storage's record
 * of its blob store, not a read model (nothing here is derived from events, a rebuild must not
 * empty it), so it lives in its own file, attached to the read model's connection as `promoted`.
 */
export const attachPromotedBlobs = (db: Database.Database, path: string): void => {
  db.prepare('ATTACH DATABASE ? AS promoted').run(path);
  db.pragma('promoted.journal_mode = WAL');
  db.pragma('promoted.synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS promoted.promoted_blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL)');
  statementsByDb.delete(db); // prepared before the attach: without the promoted statements
};

/**
 * Statements prepared once per connection: preparing costs more than running these (each Stored
 * event, each download). `findPromoted` exists only once `promoted` is attached.
 */
const statementsByDb = new WeakMap<Database.Database, ReturnType<typeof prepareStatements>>();
const prepareStatements = (db: Database.Database) => {
  const attached = (db.pragma('database_list') as { name: string }[]).some((d) => d.name === 'promoted');
  return {
    insertRef: db.prepare<[string, string, string]>(
      `INSERT OR IGNORE INTO blob_refs (sha256, name, version) VALUES (?, ?, ?)`,
    ),
    upsertBlob: db.prepare<[string, number, number, string]>(
      `INSERT INTO blobs (sha256, size, refs, stored_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (sha256) DO UPDATE SET refs = refs + excluded.refs`,
    ),
    findIndexed: db.prepare<[string], BlobRow>(`SELECT sha256, size, refs FROM blobs WHERE sha256 = ?`),
    recordPromoted: attached
      ? db.prepare<[string, number]>(
          `INSERT INTO promoted.promoted_blobs (sha256, size) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`,
        )
      : undefined,
    findPromoted: attached
      ? db.prepare<[string], BlobRow>(`SELECT sha256, size, 0 AS refs FROM promoted.promoted_blobs WHERE sha256 = ?`)
      : undefined,
  };
};
const statements = (db: Database.Database) => {
  let s = statementsByDb.get(db);
  if (!s) statementsByDb.set(db, (s = prepareStatements(db)));
  return s;
};

export const applyToBlobIndex = (db: Database.Database, event: DecodedEvent): void => {
  if (event.type !== 'PackageVersionStored') return;
  const { sha256, size, name, version } = event.data;
  const s = statements(db);
  const inserted = s.insertRef.run(sha256, normalizePackageName(name), version);
  s.upsertBlob.run(sha256, size, inserted.changes, event.occurredAt);
};

export interface BlobRow {
  sha256: string;
  size: number;
  refs: number;
}

/** Called after the bytes are in place under their content key, before Stored is appended. Idempotent. */
export const recordPromoted = (db: Database.Database, sha256: string, size: number): void => {
  const record = statements(db).recordPromoted;
  if (!record) throw new Error('recordPromoted needs attachPromotedBlobs on this connection first');
  record.run(sha256, size);
};

/**
 * A downloadable blob: in the index (a Stored event was applied), or promoted by this storage
 * just before it appended Stored (refs 0 until the projection applies that Stored; only when
 * `attachPromotedBlobs` was called on this connection).
 */
export const findBlob = (db: Database.Database, sha256: string): BlobRow | undefined => {
  const s = statements(db);
  return s.findIndexed.get(sha256) ?? s.findPromoted?.get(sha256);
};

/** Canonical dump for rebuild comparisons. */
export const dumpBlobIndex = (db: Database.Database) => ({
  blobs: db.prepare(`SELECT sha256, size, refs, stored_at FROM blobs ORDER BY sha256`).all(),
  refs: db.prepare(`SELECT sha256, name, version FROM blob_refs ORDER BY name, version`).all(),
});
