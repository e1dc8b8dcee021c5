import type { Database } from 'better-sqlite3';
import type { CandidateVersion, GetVersions } from '../resolver/resolution-types.js';
import { type DependencyRow, type Stmt, groupDependencies, statementCache } from './package-rows.js';

/** A candidate with what a client needs to download and verify it. */
export interface ResolvableVersion extends CandidateVersion {
  sha256: string;
  blake3: string;
  size: number;
  keyId: string;
  signature: string;
}

interface CandidateRow {
  version: string;
  yanked: number;
  sha256: string;
  blake3: string;
  size: number;
  key_id: string;
  signature: string;
}

const statements = statementCache((db: Database) => ({
  versions: db.prepare(
    'SELECT version, yanked, sha256, blake3, size, key_id, signature FROM versions WHERE name = ?',
  ) as Stmt<[string], CandidateRow>,
  deps: db.prepare('SELECT version, dep_name, range FROM dependencies WHERE name = ?') as Stmt<[string], DependencyRow>,
}));

/**
 * The resolver's view of the read model: all versions of a package with their dependencies,
 * in two indexed queries per package (the resolver asks once per package).
 */
export const resolvableVersions =
  (db: Database): GetVersions<ResolvableVersion> =>
  (name) => {
    const s = statements(db);
    const rows = s.versions.all(name);
    // A package row exists only once a version is published: no versions means no package.
    if (rows.length === 0) return undefined;
    const deps = groupDependencies(s.deps.all(name));
    return rows.map((row) => ({
      version: row.version,
      yanked: row.yanked === 1,
      dependencies: deps.get(row.version) ?? new Map<string, string>(),
      sha256: row.sha256,
      blake3: row.blake3,
      size: row.size,
      keyId: row.key_id,
      signature: row.signature,
    }));
  };
