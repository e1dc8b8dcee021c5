import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { packageView } from '../domain/package-view.js';
import type { PackageState } from '../domain/package-state.js';
import { type Stmt, statementCache } from './package-rows.js';
import { loadPackageState } from './package-state-store.js';

/**
 * `GET /v1/packages/:name` as ready-to-send JSON: the projection renders the package view when the
 * package changes (in the transaction of its checkpoint), a read is one prepared point lookup.
 * The dependents figure is a cross-package count (dependents_counts), spliced in when read.
 */
export interface PackageDocument {
  /** The JSON of the package view, byte for byte what `findPackage` would render. */
  body: string;
  /** A strong ETag (quoted): changes whenever body does. */
  etag: string;
}

interface DocumentRow {
  body: string;
  dependents_at: number;
  digest: string;
  dependents: number;
}

const statements = statementCache((db: Database) => ({
  document: db.prepare(
    `SELECT d.body, d.dependents_at, d.digest, COALESCE(c.count, 0) AS dependents
     FROM package_documents d LEFT JOIN dependents_counts c ON c.name = d.name WHERE d.name = ?`,
  ) as Stmt<[string], DocumentRow>,
  upsert: db.prepare(
    'INSERT OR REPLACE INTO package_documents (name, body, dependents_at, digest) VALUES (?, ?, ?, ?)',
  ),
  remove: db.prepare('DELETE FROM package_documents WHERE name = ?'),
  addDependent: db.prepare(
    'INSERT INTO dependents_counts (name, count) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET count = count + 1',
  ),
  subtractDependent: db.prepare('UPDATE dependents_counts SET count = count - 1 WHERE name = ?'),
  dropZeroDependents: db.prepare('DELETE FROM dependents_counts WHERE name = ? AND count <= 0'),
  undocumented: (
    db.prepare(
      'SELECT p.name FROM packages p WHERE NOT EXISTS (SELECT 1 FROM package_documents d WHERE d.name = p.name)',
    ) as Stmt<[], string>
  ).pluck(),
}));

/** The package's document, or null (unknown, nothing published yet, or not rendered yet). */
export const findPackageDocument = (db: Database, name: string): PackageDocument | null => {
  const row = statements(db).document.get(name);
  if (!row) return null;
  const at = row.dependents_at;
  const dependents = String(row.dependents);
  return { body: row.body.slice(0, at) + dependents + row.body.slice(at), etag: `"${row.digest}.${dependents}"` };
};

/**
 * Renders the package's document from its state (the projection's `after`), or removes it when
 * nothing is published. Same `packageView` as the live query, so the JSON is the same.
 */
export const writePackageDocument = (db: Database, state: PackageState): void => {
  const s = statements(db);
  const view = packageView(state, 0);
  if (!view) {
    s.remove.run(state.name);
    return;
  }
  const { versions, dependents: _dependents, ...head } = view;
  // Same key order as JSON.stringify(view): name … distTags, dependents, versions.
  const before = `${JSON.stringify(head).slice(0, -1)},"dependents":`;
  const body = `${before},"versions":${JSON.stringify(versions)}}`;
  s.upsert.run(state.name, body, before.length, createHash('sha256').update(body).digest('base64url').slice(0, 27));
};

/**
 * Moves `name`'s vote between the dependencies of its old and new latest version (a package is
 * not its own dependent).
 */
export const moveDependents = (
  db: Database,
  name: string,
  from: ReadonlyMap<string, string> | undefined,
  to: ReadonlyMap<string, string> | undefined,
): void => {
  const s = statements(db);
  for (const dep of from?.keys() ?? []) {
    if (dep === name || to?.has(dep)) continue;
    s.subtractDependent.run(dep);
    s.dropZeroDependents.run(dep);
  }
  for (const dep of to?.keys() ?? []) if (dep !== name && !from?.has(dep)) s.addDependent.run(dep);
};

/**
 * Renders the documents a read model written before they existed lacks (the migration that added
 * them cannot run JavaScript). Idempotent; call inside a transaction.
 */
export const backfillPackageDocuments = (db: Database): number => {
  const names = statements(db).undocumented.all();
  for (const name of names) writePackageDocument(db, loadPackageState(db, name));
  return names.length;
};
