import type { Database } from 'better-sqlite3';
import { rankBucket, rankKey } from '../domain/ranking.js';
import { ftsColumns, type SearchDocument } from '../domain/search-document.js';

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
  change: db.prepare<[number, number]>('INSERT INTO doc_changes (rank_key, present) VALUES (?, ?)'),
  pruneChanges: db.prepare<[number]>('DELETE FROM doc_changes WHERE id <= ?'),
});

const cache = new WeakMap<Database, ReturnType<typeof prepare>>();
const statements = (db: Database) => {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
};

export const findDocument = (db: Database, pkg: string): DocumentRow | undefined => statements(db).byPkg.get(pkg);

/**
 * Writes a package's document (new, changed, or with a new rank), keeping docs, the FTS index
 * and the change feed in step. Runs inside the projection's transaction.
 */
export const putDocument = (db: Database, doc: SearchDocument): void => {
  const s = statements(db);
  const existing = s.byPkg.get(doc.pkg);
  const id = existing?.id ?? s.nextId.get()!;
  const key = rankKey(rankBucket(doc.downloads, doc.deprecated), id);
  if (existing) {
    s.ftsDelete.run(BigInt(existing.rank_key));
    recordChange(s, existing.rank_key, 0);
  }
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
  s.ftsInsert.run({ rowid: BigInt(key), ...ftsColumns(doc) });
  recordChange(s, key, 1);
};

/** A new download count: only a change of rank bucket touches the FTS index. */
export const setDocumentDownloads = (db: Database, pkg: string, downloads: number): void => {
  const s = statements(db);
  const row = s.byPkg.get(pkg);
  if (!row || row.downloads === downloads) return;
  if (rankKey(rankBucket(downloads, row.deprecated === 1), row.id) === row.rank_key) s.setDownloads.run(downloads, row.id);
  else putDocument(db, { ...documentOfRow(row), downloads });
};

export const removeDocument = (db: Database, pkg: string): void => {
  const s = statements(db);
  const existing = s.byPkg.get(pkg);
  if (!existing) return;
  s.ftsDelete.run(BigInt(existing.rank_key));
  s.remove.run(existing.id);
  recordChange(s, existing.rank_key, 0);
};

const recordChange = (s: ReturnType<typeof prepare>, key: number, present: 0 | 1) => {
  const id = Number(s.change.run(key, present).lastInsertRowid);
  if (id % 4096 === 0) s.pruneChanges.run(id - CHANGE_FEED_KEEP);
};
