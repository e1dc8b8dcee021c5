import type { Database } from 'better-sqlite3';
import { ReadModelError } from './read-model-error.js';

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

const schemaObjects = (db: Database): Map<string, SchemaObject> =>
  new Map(
    db
      .prepare<[], SchemaObject>(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_rm\\_%' ESCAPE '\\'",
      )
      .all()
      .map((o) => [o.name, o]),
  );

/**
 * Brings the read model's schema to `migrations`. Already-applied migrations are skipped; if an
 * applied one was edited or removed, the read model is disposable, so everything it made is
 * dropped and all migrations run again (its checkpoint resets and the projection replays history).
 * Every object a migration creates is recorded (diff of sqlite_master), so `drop` can remove
 * exactly those, FTS5 tables and triggers included, and nothing of a neighbour read model.
 */
export const migrate = (db: Database, name: string, migrations: readonly string[]): void => {
  const applied = db
    .prepare<[string], { idx: number; sql: string }>('SELECT idx, sql FROM _rm_migrations WHERE name = ? ORDER BY idx')
    .all(name);
  const edited = applied.some((m) => migrations[m.idx] !== m.sql);
  if (edited) dropObjects(db, name);
  const done = edited ? 0 : applied.length;
  const record = db.prepare('INSERT INTO _rm_migrations (name, idx, sql) VALUES (?, ?, ?)');
  const recordObject = db.prepare(
    'INSERT OR REPLACE INTO _rm_objects (name, seq, type, object, virtual) VALUES (?, ?, ?, ?, ?)',
  );
  for (let idx = done; idx < migrations.length; idx++) {
    const sql = migrations[idx]!;
    const before = schemaObjects(db);
    try {
      db.exec(sql);
    } catch (cause) {
      throw new ReadModelError(
        'migration_failed',
        `read model ${name}: migration #${idx} failed: ${(cause as Error).message}`,
        { cause },
      );
    }
    for (const [object, o] of schemaObjects(db)) {
      if (before.has(object)) continue;
      const isVirtual = /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(o.sql ?? '') ? 1 : 0;
      recordObject.run(name, idx, o.type, object, isVirtual);
    }
    record.run(name, idx, sql);
  }
};

/** Drop order inside one migration: dependents first, so nothing is dropped twice or out from under. */
const rank = (o: { type: string; virtual: number }) =>
  o.type === 'trigger' ? 0 : o.type === 'view' ? 1 : o.virtual ? 2 : o.type === 'index' ? 3 : 4;

export const dropObjects = (db: Database, name: string): void => {
  const objects = db
    .prepare<[string], { seq: number; type: string; object: string; virtual: number }>(
      'SELECT seq, type, object, virtual FROM _rm_objects WHERE name = ?',
    )
    .all(name)
    .sort((a, b) => b.seq - a.seq || rank(a) - rank(b));
  const exists = db.prepare<[string], { type: string }>('SELECT type FROM sqlite_master WHERE name = ?');
  for (const o of objects) {
    // FTS5 shadow tables go with their virtual table; indexes and triggers with their table.
    const current = exists.get(o.object);
    if (!current) continue;
    db.exec(`DROP ${current.type.toUpperCase()} IF EXISTS "${o.object.replaceAll('"', '""')}"`);
  }
  db.prepare('DELETE FROM _rm_objects WHERE name = ?').run(name);
  db.prepare('DELETE FROM _rm_migrations WHERE name = ?').run(name);
  db.prepare('DELETE FROM _rm_checkpoints WHERE name = ?').run(name);
};
