import type { Database } from 'better-sqlite3';

/**
 * Tables the helper owns in every read-model file. Several read models may share one file:
 * rows are keyed by read-model name. The `_rm_` prefix keeps them out of the way of migrations.
 */
export const createBookkeeping = (db: Database): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS _rm_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS _rm_migrations (name TEXT NOT NULL, idx INTEGER NOT NULL, sql TEXT NOT NULL, PRIMARY KEY (name, idx)) STRICT;
    CREATE TABLE IF NOT EXISTS _rm_objects (
      name TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, object TEXT NOT NULL, virtual INTEGER NOT NULL,
      PRIMARY KEY (name, object)
    ) STRICT;
  `);
};
