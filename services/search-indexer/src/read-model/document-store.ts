import type { Database } from 'better-sqlite3';
import { rankBucket, rankKey } from '../domain/ranking.js';
import { ftsColumns, type SearchDocument } from '../domain/search-document.js';
import { markSearchSync } from './search-sync.js';

export interface DocumentRow {
  id: number;
  rank_key: number;
  pkg: string;
  name: string;
  namespace: string;
  bare: string;
  version: string;
  description: string;
  keywords: string;
  categories: string;
  authors: string;
  downloads: number;
  deprecated: number;
}

export const documentOfRow = (row: DocumentRow): SearchDocument => ({
  pkg: row.pkg,
  name: row.name,
  namespace: row.namespace,
  bare: row.bare,
  version: row.version,
  description: row.description,
  keywords: JSON.parse(row.keywords) as string[],
  categories: JSON.parse(row.categories) as string[],
  authors: JSON.parse(row.authors) as string[],
  downloads: row.downloads,
  deprecated: row.deprecated === 1,
});

type PendingRow = { pending_id: number; indexed_key: number | null } & (
  | { [K in keyof DocumentRow]: DocumentRow[K] }
  | { [K in keyof DocumentRow]: null }
);

/** Keep the change feed bounded: readers further behind than this reload from docs. */
const CHANGE_FEED_KEEP = 100_000;

const prepare = (db: Database) => ({
  byPkg: db.prepare<[string], DocumentRow>('SELECT * FROM docs WHERE pkg = ?'),
  nextId: db.prepare<[], number>('SELECT coalesce(max(id), 0) + 1 FROM docs').pluck(),
  upsert: db.prepare(
    `INSERT INTO docs (id, pkg, rank_key, name, namespace, bare, version, description, keywords, categories, authors, downloads, deprecated)
     VALUES (@id, @pkg, @rank_key, @name, @namespace, @bare, @version, @description, @keywords, @categories, @authors, @downloads, @deprecated)
     ON CONFLICT (id) DO UPDATE SET rank_key = excluded.rank_key, name = excluded.name, namespace = excluded.namespace,
       bare = excluded.bare, version = excluded.version, description = excluded.description, keywords = excluded.keywords,
       categories = excluded.categories, authors = excluded.authors, downloads = excluded.downloads, deprecated = excluded.deprecated`,
  ),
  setDownloads: db.prepare<[number, number]>('UPDATE docs SET downloads = ? WHERE id = ?'),
  remove: db.prepare<[number]>('DELETE FROM docs WHERE id = ?'),
  ftsInsert: db.prepare(
    'INSERT INTO docs_fts (rowid, name, keywords, description, namespace, people, tags) VALUES (@rowid, @name, @keywords, @description, @namespace, @people, @tags)',
  ),
  // FTS5 rowids are bound as BigInt: a REAL bound to `rowid = ?` is not treated as a rowid constraint.
  ftsDelete: db.prepare<[bigint]>('DELETE FROM docs_fts WHERE rowid = ?'),
  // The first mark of a burst wins: it holds the rowid docs_fts really has for the document.
  markPending: db.prepare<[number, bigint | null]>('INSERT OR IGNORE INTO fts_pending (id, indexed_key) VALUES (?, ?)'),
  pending: db.prepare<[], PendingRow>(
    'SELECT p.id AS pending_id, p.indexed_key, d.* FROM fts_pending p LEFT JOIN docs d ON d.id = p.id',
  ),
  clearPending: db.prepare('DELETE FROM fts_pending'),
  change: db.prepare<[number, number]>('INSERT INTO doc_changes (rank_key, present) VALUES (?, ?)'),
  pruneChanges: db.prepare<[number]>('DELETE FROM doc_changes WHERE id <= ?'),
});

const cache = new WeakMap<Database, ReturnType<typeof prepare>>();
/** Whether fts_pending may hold rows (unknown, so true, when a connection is first seen). */
const maybePending = new WeakMap<Database, boolean>();
const statements = (db: Database) => {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
};

export const findDocument = (db: Database, pkg: string): DocumentRow | undefined => statements(db).byPkg.get(pkg);

/**
 * Writes a package's document (new, changed, or with a new rank), keeping docs and the change
 * feed in step; the FTS row follows at the next flushIndex. Runs inside the projection's transaction.
 */
export const putDocument = (db: Database, doc: SearchDocument): void => {
  const s = statements(db);
  const existing = s.byPkg.get(doc.pkg);
  const id = existing?.id ?? s.nextId.get()!;
  const key = rankKey(rankBucket(doc.downloads, doc.deprecated), id);
  markPending(db, s, id, existing ? existing.rank_key : null);
  if (existing) recordChange(s, existing.rank_key, 0);
  s.upsert.run({
    id,
    pkg: doc.pkg,
    rank_key: key,
    name: doc.name,
    namespace: doc.namespace,
    bare: doc.bare,
    version: doc.version,
    description: doc.description,
    keywords: JSON.stringify(doc.keywords),
    categories: JSON.stringify(doc.categories),
    authors: JSON.stringify(doc.authors),
    downloads: doc.downloads,
    deprecated: doc.deprecated ? 1 : 0,
  });
  recordChange(s, key, 1);
  markSearchSync(db, doc.pkg);
};

/** A new download count: only a change of rank bucket touches the FTS index. */
export const setDocumentDownloads = (db: Database, pkg: string, downloads: number): void => {
  const s = statements(db);
  const row = s.byPkg.get(pkg);
  if (!row || row.downloads === downloads) return;
  if (rankKey(rankBucket(downloads, row.deprecated === 1), row.id) === row.rank_key) {
    s.setDownloads.run(downloads, row.id);
    markSearchSync(db, pkg);
  } else putDocument(db, { ...documentOfRow(row), downloads });
};

export const removeDocument = (db: Database, pkg: string): void => {
  const s = statements(db);
  const existing = s.byPkg.get(pkg);
  if (!existing) return;
  markPending(db, s, existing.id, existing.rank_key);
  s.remove.run(existing.id);
  recordChange(s, existing.rank_key, 0);
  markSearchSync(db, pkg);
};

/**
 * Brings docs_fts in step with docs for the documents written since the last flush: one delete of
 * the row the index holds and one insert of the current document each, however many times the
 * document changed in between. A bulk-imported package is stored, then gets its downloads (a new
 * rank key): written to FTS5 once instead of insert, delete, insert — FTS5 work was most of the
 * cost of applying an event. The projection flushes before each commit (TransactionBatcher) and
 * queries flush before reading (same connection), so no reader ever sees the index behind docs.
 */
export const flushIndex = (db: Database): void => {
  if (maybePending.get(db) === false) return;
  const s = statements(db);
  db.transaction(() => {
    for (const row of s.pending.all()) {
      if (row.indexed_key !== null) s.ftsDelete.run(BigInt(row.indexed_key));
      if (row.id !== null) s.ftsInsert.run({ rowid: BigInt(row.rank_key), ...ftsColumns(documentOfRow(row)) });
    }
    s.clearPending.run();
  })();
  maybePending.set(db, false);
};

const markPending = (db: Database, s: ReturnType<typeof prepare>, id: number, indexedKey: number | null) => {
  s.markPending.run(id, indexedKey === null ? null : BigInt(indexedKey));
  maybePending.set(db, true);
};

const recordChange = (s: ReturnType<typeof prepare>, key: number, present: 0 | 1) => {
  const id = Number(s.change.run(key, present).lastInsertRowid);
  if (id % 4096 === 0) s.pruneChanges.run(id - CHANGE_FEED_KEEP);
};
