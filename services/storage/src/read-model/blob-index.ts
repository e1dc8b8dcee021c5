import type Database from 'better-sqlite3';
import type { DecodedEvent } from '@market/contracts';
import { normalizePackageName } from '@market/contracts';

/** storage's read model: which digests are published, their size, and which versions use them. */
export const blobIndexMigrations = [
  `CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, refs INTEGER NOT NULL, stored_at TEXT NOT NULL)`,
  `CREATE TABLE blob_refs (sha256 TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, PRIMARY KEY (name, version))`,
  `CREATE INDEX blob_refs_by_digest ON blob_refs (sha256)`,
];

export const applyToBlobIndex = (db: Database.Database, event: DecodedEvent): void => {
  if (event.type !== 'PackageVersionStored') return;
  const { sha256, size, name, version } = event.data;
  const inserted = db
    .prepare(`INSERT OR IGNORE INTO blob_refs (sha256, name, version) VALUES (?, ?, ?)`)
    .run(sha256, normalizePackageName(name), version);
  db.prepare(
    `INSERT INTO blobs (sha256, size, refs, stored_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET refs = refs + excluded.refs`,
  ).run(sha256, size, inserted.changes, event.occurredAt);
};

export interface BlobRow {
  sha256: string;
  size: number;
  refs: number;
}

export const findBlob = (db: Database.Database, sha256: string): BlobRow | undefined =>
  db.prepare(`SELECT sha256, size, refs FROM blobs WHERE sha256 = ?`).get(sha256) as BlobRow | undefined;

/** Canonical dump for rebuild comparisons. */
export const dumpBlobIndex = (db: Database.Database) => ({
  blobs: db.prepare(`SELECT sha256, size, refs, stored_at FROM blobs ORDER BY sha256`).all(),
  refs: db.prepare(`SELECT sha256, name, version FROM blob_refs ORDER BY name, version`).all(),
});
