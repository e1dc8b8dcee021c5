/** Append-only: editing a statement makes the read model rebuild from the event store. */
export const verifyMigrations = [
  `CREATE TABLE publisher_keys (
     key_id        TEXT PRIMARY KEY,
     public_key    TEXT NOT NULL,
     namespaces    TEXT NOT NULL, -- JSON array, as registered
     owner         TEXT NOT NULL,
     registered_at TEXT NOT NULL,
     revoked_from  TEXT,
     position      INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE judged_submissions (
     submission_id TEXT PRIMARY KEY,
     submitted_event_id TEXT NOT NULL,
     name          TEXT NOT NULL,
     version       TEXT NOT NULL,
     verdict       TEXT NOT NULL CHECK (verdict IN ('verified', 'rejected')),
     reason        TEXT,
     position      INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX judged_submissions_by_name ON judged_submissions (name, version)`,
];
