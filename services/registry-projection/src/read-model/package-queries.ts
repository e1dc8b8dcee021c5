import type { Database } from 'better-sqlite3';
import { packageView, versionView, type PackageView, type VersionView } from '../domain/package-view.js';
import { type DependencyRow, type Stmt, type VersionRow, publishedFromRow, statementCache } from './package-rows.js';
import { loadPackageState } from './package-state-store.js';

const statements = statementCache((db: Database) => ({
  displayName: (db.prepare('SELECT display_name FROM packages WHERE name = ?') as Stmt<[string], string>).pluck(),
  version: db.prepare('SELECT * FROM versions WHERE name = ? AND version = ?') as Stmt<[string, string], VersionRow>,
  versionDeps: db.prepare('SELECT version, dep_name, range FROM dependencies WHERE name = ? AND version = ?') as Stmt<
    [string, string],
    DependencyRow
  >,
  // Distinct packages whose current latest version depends on `name` (a package is not its own dependent).
  dependents: (
    db.prepare(
      `SELECT COUNT(DISTINCT d.name) FROM dependencies d
       JOIN packages p ON p.name = d.name AND p.latest = d.version
       WHERE d.dep_name = ? AND d.name <> ?`,
    ) as Stmt<[string, string], number>
  ).pluck(),
}));

/** A published package as readers see it, or null (unknown, or nothing published yet). */
export const findPackage = (db: Database, name: string): PackageView | null => {
  const state = loadPackageState(db, name);
  if (state.versions.size === 0) return null;
  return packageView(state, dependentsCount(db, name));
};

export const findVersion = (db: Database, name: string, version: string): VersionView | null => {
  const s = statements(db);
  const row = s.version.get(name, version);
  if (!row) return null;
  const deps = new Map(s.versionDeps.all(name, version).map((d) => [d.dep_name, d.range]));
  return versionView(s.displayName.get(name) ?? name, publishedFromRow(row, deps));
};

export const dependentsCount = (db: Database, name: string): number => statements(db).dependents.get(name, name) ?? 0;
