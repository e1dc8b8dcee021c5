import type { Database } from 'better-sqlite3';

/**
 * The outbox of an external search index (Elasticsearch) that cannot share the read model's
 * transaction: `search_sync` holds the packages whose external document is behind `docs`. A
 * package is marked inside the event's transaction (savepoint) by document-store.ts, so a crash
 * after the SQLite commit and before the external write leaves the mark, and the next start writes
 * it. `generation` grows on every mark, so a mark made while a write is in flight is not cleared by
 * that write's acknowledgement. Marking is off unless enableSearchSync was called for the
 * connection: the embedded profile writes nothing here.
 */
export interface SyncMark {
  pkg: string;
  generation: number;
}

const prepare = (db: Database) => ({
  mark: db.prepare<[string]>(
    'INSERT INTO search_sync (pkg, generation) VALUES (?, 1) ON CONFLICT (pkg) DO UPDATE SET generation = generation + 1',
  ),
  markAll: db.prepare(
    'INSERT INTO search_sync (pkg, generation) SELECT pkg, 1 FROM docs WHERE true ON CONFLICT (pkg) DO UPDATE SET generation = generation + 1',
  ),
  take: db.prepare<[number], SyncMark>('SELECT pkg, generation FROM search_sync ORDER BY pkg LIMIT ?'),
  count: db.prepare<[], number>('SELECT count(*) FROM search_sync').pluck(),
  clear: db.prepare<[string, number]>('DELETE FROM search_sync WHERE pkg = ? AND generation = ?'),
});

const cache = new WeakMap<Database, ReturnType<typeof prepare>>();
const statements = (db: Database) => {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
};

const enabled = new WeakSet<Database>();

/** From now on, document changes on this connection are marked for the external index. */
export const enableSearchSync = (db: Database): void => {
  enabled.add(db);
};

/** document-store.ts calls this for every document written or removed (a no-op unless enabled). */
export const markSearchSync = (db: Database, pkg: string): void => {
  if (enabled.has(db)) statements(db).mark.run(pkg);
};

/** Marks every indexed package: the external index was (re)created empty next to a read model that is not. */
export const markAllForSearchSync = (db: Database): void => {
  statements(db).markAll.run();
};

export const takeSearchSync = (db: Database, limit: number): SyncMark[] => statements(db).take.all(limit);

export const pendingSearchSync = (db: Database): number => statements(db).count.get()!;

/** The external index holds these marks' documents: clear each unless it was marked again since. */
export const clearSearchSync = (db: Database, marks: readonly SyncMark[]): void => {
  const s = statements(db);
  db.transaction(() => {
    for (const m of marks) s.clear.run(m.pkg, m.generation);
  })();
};
