import type { Database } from 'better-sqlite3';
import { flushIndex } from './document-store.js';

/**
 * A canonical dump of the search read model (documents with their rank keys, published versions,
 * monthly downloads, pending manifests), for "rebuilt from history gives the same state" checks.
 * The FTS index is derived from `docs` row by row, so comparing docs compares what is searchable.
 */
export const dumpSearchReadModel = (db: Database) => (
  flushIndex(db),
  {
    docs: db.prepare('SELECT * FROM docs ORDER BY pkg').all(),
    versions: db.prepare('SELECT * FROM versions ORDER BY pkg, version').all(),
    downloads: db.prepare('SELECT * FROM package_downloads ORDER BY pkg').all(),
    pending: db.prepare('SELECT * FROM pending_versions ORDER BY submission_id').all(),
    indexed: db.prepare<[], number>('SELECT count(*) FROM docs_fts').pluck().get(),
  }
);
