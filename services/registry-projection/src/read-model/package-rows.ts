import type { Database, Statement } from 'better-sqlite3';
import type { PendingVersion, PublishedVersion, VersionManifest } from '../domain/package-state.js';

/** Row shapes and their mapping to domain objects, shared by the writer and the queries. */
export interface VersionRow {
  name: string;
  version: string;
  sort_key: string;
  submission_id: string;
  published_at: string;
  sha256: string;
  blake3: string;
  size: number;
  key_id: string;
  signature: string;
  manifest: string;
  yanked: number;
  yank_reason: string | null;
  deprecated: string | null;
}

export interface PendingRow {
  name: string;
  version: string;
  submission_id: string;
  verified_at: string;
  sha256: string;
  blake3: string;
  size: number;
  key_id: string;
  signature: string;
  manifest: string;
  dependencies: string;
}

export interface DependencyRow {
  version: string;
  dep_name: string;
  range: string;
}

export const publishedFromRow = (row: VersionRow, dependencies: ReadonlyMap<string, string>): PublishedVersion => ({
  version: row.version,
  submissionId: row.submission_id,
  publishedAt: row.published_at,
  sha256: row.sha256,
  blake3: row.blake3,
  size: row.size,
  keyId: row.key_id,
  signature: row.signature,
  manifest: JSON.parse(row.manifest) as VersionManifest,
  dependencies,
  yanked: row.yanked ? { reason: row.yank_reason ?? '' } : null,
  deprecated: row.deprecated,
});

export const pendingFromRow = (row: PendingRow): PendingVersion => ({
  version: row.version,
  verifiedAt: row.verified_at,
  submissionId: row.submission_id,
  sha256: row.sha256,
  blake3: row.blake3,
  size: row.size,
  keyId: row.key_id,
  signature: row.signature,
  manifest: JSON.parse(row.manifest) as VersionManifest,
  dependencies: new Map(JSON.parse(row.dependencies) as [string, string][]),
});

/** Groups `(version, dep_name, range)` rows into one map per version. */
export const groupDependencies = (rows: readonly DependencyRow[]): Map<string, Map<string, string>> => {
  const byVersion = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let deps = byVersion.get(row.version);
    if (!deps) byVersion.set(row.version, (deps = new Map()));
    deps.set(row.dep_name, row.range);
  }
  return byVersion;
};

/**
 * Prepared statements, made once per connection. better-sqlite3 re-prepares them by itself after
 * a schema change (rm.drop() re-creates the tables), so the cache survives a rebuild.
 */
export const statementCache = <T>(make: (db: Database) => T) => {
  const cache = new WeakMap<Database, T>();
  return (db: Database): T => {
    let statements = cache.get(db);
    if (!statements) cache.set(db, (statements = make(db)));
    return statements;
  };
};

export type Stmt<P extends unknown[] = unknown[], R = unknown> = Statement<P, R>;
