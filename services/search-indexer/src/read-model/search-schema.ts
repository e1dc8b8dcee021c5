import { COLUMN_WEIGHTS } from '../domain/ranking.js';

/**
 * The search read model. Append-only: editing a statement makes the read model rebuild itself
 * from the event store (see @market/read-model).
 *
 * - pending_versions: Verified manifests (the fields a document shows) waiting for their Stored
 *   event (only published versions are indexed);
 * - versions: every published version with those fields and its yank and deprecation state;
 * - download_windows / package_downloads: the monthly downloads per package;
 * - docs: one row per searchable package (its indexed version), keyed by a stable id, with its
 *   current rank key (the FTS rowid, see domain/ranking.ts);
 * - docs_fts: contentless FTS5 index of docs (text columns + facet tokens), prefix indexes for 2-
 *   to 6-character prefixes (migration 5); docs_vocab: its vocabulary, for typo tolerance;
 * - doc_changes: an append-only feed of rank keys added/removed, which keeps the in-memory facet
 *   counts and vocabulary of the query side in step without re-reading the index;
 * - fts_pending: documents written to docs but not yet to docs_fts (see document-store.ts);
 * - search_sync: packages whose Elasticsearch document is behind docs (only written when
 *   MARKET_SEARCH_URL is set, see search-sync.ts).
 */
export const searchMigrations: readonly string[] = [
  `CREATE TABLE pending_versions (
     submission_id TEXT PRIMARY KEY, pkg TEXT NOT NULL, version TEXT NOT NULL, name TEXT NOT NULL, manifest TEXT NOT NULL
   ) STRICT;
   CREATE INDEX pending_versions_by_version ON pending_versions (pkg, version);
   CREATE TABLE versions (
     pkg TEXT NOT NULL, version TEXT NOT NULL, name TEXT NOT NULL, manifest TEXT NOT NULL,
     yanked INTEGER NOT NULL DEFAULT 0, deprecation TEXT, PRIMARY KEY (pkg, version)
   ) STRICT, WITHOUT ROWID;`,
  `CREATE TABLE download_windows (pkg TEXT NOT NULL, window_end INTEGER NOT NULL, count INTEGER NOT NULL) STRICT;
   CREATE INDEX download_windows_by_pkg ON download_windows (pkg, window_end);
   CREATE TABLE package_downloads (
     pkg TEXT PRIMARY KEY, monthly INTEGER NOT NULL, latest_window_end INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;`,
  `-- rank_key = rank bucket (100,000 per unit of ln(1 + downloads), see domain/ranking.ts) · 2^22 + id
   CREATE TABLE docs (
     id INTEGER PRIMARY KEY, pkg TEXT NOT NULL UNIQUE, rank_key INTEGER NOT NULL UNIQUE,
     name TEXT NOT NULL, namespace TEXT NOT NULL, bare TEXT NOT NULL, version TEXT NOT NULL,
     description TEXT NOT NULL, keywords TEXT NOT NULL, categories TEXT NOT NULL, authors TEXT NOT NULL,
     downloads INTEGER NOT NULL, deprecated INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX docs_by_bare ON docs (bare);
   CREATE VIRTUAL TABLE docs_fts USING fts5 (
     name, keywords, description, namespace, people, tags,
     content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
   );
   CREATE VIRTUAL TABLE docs_vocab USING fts5vocab (docs_fts, 'row');
   CREATE TABLE doc_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, rank_key INTEGER NOT NULL, present INTEGER NOT NULL) STRICT;`,
  `-- Documents whose FTS row is behind docs: indexed_key is the rowid docs_fts holds for it (NULL: none).
   CREATE TABLE fts_pending (id INTEGER PRIMARY KEY, indexed_key INTEGER) STRICT;`,
  `-- Packages whose external search document (Elasticsearch) is behind docs; see search-sync.ts.
   CREATE TABLE search_sync (pkg TEXT PRIMARY KEY, generation INTEGER NOT NULL) STRICT, WITHOUT ROWID;`,
  `-- Prefix indexes up to 6 characters: without one, FTS5 answers "reac"* by merging the whole
   -- doclists of the 4,000 terms starting with it (14 ms at 100k packages; 1.4 ms with it). The
   -- index is rebuilt from docs by the next flush (document-store.ts), not replayed from history.
   DROP TABLE docs_vocab;
   DROP TABLE docs_fts;
   CREATE VIRTUAL TABLE docs_fts USING fts5 (
     name, keywords, description, namespace, people, tags,
     content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
   );
   CREATE VIRTUAL TABLE docs_vocab USING fts5vocab (docs_fts, 'row');
   DELETE FROM fts_pending;
   INSERT INTO fts_pending (id, indexed_key) SELECT id, NULL FROM docs;`,
];

/** bm25() with the column weights, in docs_fts column order. */
export const BM25 = `bm25(docs_fts, ${[
  COLUMN_WEIGHTS.name,
  COLUMN_WEIGHTS.keywords,
  COLUMN_WEIGHTS.description,
  COLUMN_WEIGHTS.namespace,
  COLUMN_WEIGHTS.people,
  COLUMN_WEIGHTS.tags,
].join(', ')})`;
