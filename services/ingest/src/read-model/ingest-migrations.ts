/**
 * Ingest's own read model (append-only list: editing a statement rebuilds it from history).
 * - submissions: the status a publisher polls after a 202;
 * - namespace_keys: which keys claim which (normalised) namespace, to decide key registrations;
 * - settled_at: when the submission was published (its Stored) or rejected, as the event says.
 */
export const ingestMigrations: readonly string[] = [
  `CREATE TABLE submissions (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     version TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
     reason TEXT,
     detail TEXT,
     sha256 TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE namespace_keys (
     namespace TEXT NOT NULL,
     key_id TEXT NOT NULL,
     PRIMARY KEY (namespace, key_id)
   ) STRICT, WITHOUT ROWID`,
  `ALTER TABLE submissions ADD COLUMN settled_at TEXT`,
];
