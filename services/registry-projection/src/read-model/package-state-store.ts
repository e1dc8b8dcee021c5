import type { Database } from 'better-sqlite3';
import { effectiveDistTags, type DistTag } from '../domain/dist-tags.js';
import type { PackageState, PendingVersion, PublishedVersion } from '../domain/package-state.js';
import { emptyPackageState } from '../domain/package-state.js';
import { semverSortKey } from '../domain/semver-sort-key.js';
import { moveDependents, writePackageDocument } from './package-documents.js';
import {
  type DependencyRow,
  type PendingRow,
  type Stmt,
  type VersionRow,
  groupDependencies,
  pendingFromRow,
  publishedFromRow,
  statementCache,
} from './package-rows.js';

interface PackageRow {
  name: string;
  display_name: string;
  created_at: string;
  latest: string | null;
}

const statements = statementCache((db: Database) => ({
  pkg: db.prepare('SELECT name, display_name, created_at, latest FROM packages WHERE name = ?') as Stmt<
    [string],
    PackageRow
  >,
  versions: db.prepare('SELECT * FROM versions WHERE name = ?') as Stmt<[string], VersionRow>,
  deps: db.prepare('SELECT version, dep_name, range FROM dependencies WHERE name = ?') as Stmt<[string], DependencyRow>,
  pending: db.prepare('SELECT * FROM pending_versions WHERE name = ?') as Stmt<[string], PendingRow>,
  explicitTags: db.prepare('SELECT tag, version FROM explicit_tags WHERE name = ?') as Stmt<
    [string],
    { tag: string; version: string }
  >,
  upsertPackage: db.prepare(
    `INSERT INTO packages (name, display_name, created_at, latest) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name, created_at = excluded.created_at, latest = excluded.latest`,
  ),
  upsertVersion: db.prepare(
    `INSERT INTO versions (name, version, sort_key, submission_id, published_at, sha256, blake3, size, key_id, signature, manifest, yanked, yank_reason, deprecated)
     VALUES (@name, @version, @sort_key, @submission_id, @published_at, @sha256, @blake3, @size, @key_id, @signature, @manifest, @yanked, @yank_reason, @deprecated)
     ON CONFLICT (name, version) DO UPDATE SET yanked = excluded.yanked, yank_reason = excluded.yank_reason, deprecated = excluded.deprecated`,
  ),
  deleteVersion: db.prepare('DELETE FROM versions WHERE name = ? AND version = ?'),
  insertDependency: db.prepare(
    'INSERT OR REPLACE INTO dependencies (name, version, dep_name, range) VALUES (?, ?, ?, ?)',
  ),
  deleteDependencies: db.prepare('DELETE FROM dependencies WHERE name = ? AND version = ?'),
  upsertPending: db.prepare(
    `INSERT OR REPLACE INTO pending_versions (name, version, submission_id, verified_at, sha256, blake3, size, key_id, signature, manifest, dependencies)
     VALUES (@name, @version, @submission_id, @verified_at, @sha256, @blake3, @size, @key_id, @signature, @manifest, @dependencies)`,
  ),
  deletePending: db.prepare('DELETE FROM pending_versions WHERE name = ? AND version = ?'),
  deleteExplicitTags: db.prepare('DELETE FROM explicit_tags WHERE name = ?'),
  insertExplicitTag: db.prepare('INSERT INTO explicit_tags (name, tag, version) VALUES (?, ?, ?)'),
  deleteDistTags: db.prepare('DELETE FROM dist_tags WHERE name = ?'),
  insertDistTag: db.prepare('INSERT INTO dist_tags (name, tag, version, explicit) VALUES (?, ?, ?, ?)'),
}));

/** The package's whole state as the projection last wrote it (empty for an unknown name). */
export const loadPackageState = (db: Database, name: string): PackageState => {
  const s = statements(db);
  const pkg = s.pkg.get(name);
  const deps = groupDependencies(s.deps.all(name));
  const versions = new Map<string, PublishedVersion>();
  for (const row of s.versions.all(name))
    versions.set(row.version, publishedFromRow(row, deps.get(row.version) ?? new Map()));
  const pending = new Map<string, PendingVersion>();
  for (const row of s.pending.all(name)) pending.set(row.version, pendingFromRow(row));
  return {
    ...emptyPackageState(name),
    displayName: pkg?.display_name ?? null,
    createdAt: pkg?.created_at ?? null,
    versions,
    pending,
    explicitTags: new Map(s.explicitTags.all(name).map((t) => [t.tag, t.version])),
  };
};

/**
 * Writes what changed between two states of one package. Evolve keeps untouched entries by
 * reference, so comparing identities finds the few rows an event touches.
 */
export const writePackageChange = (db: Database, before: PackageState, after: PackageState): void => {
  if (before === after) return;
  const s = statements(db);
  const { name } = after;

  for (const [version, v] of after.versions) {
    const old = before.versions.get(version);
    if (old === v) continue;
    s.upsertVersion.run(versionParams(name, v));
    if (!old) for (const [dep, range] of v.dependencies) s.insertDependency.run(name, version, dep, range);
  }
  for (const version of before.versions.keys()) {
    if (after.versions.has(version)) continue;
    s.deleteVersion.run(name, version);
    s.deleteDependencies.run(name, version);
  }

  for (const [version, p] of after.pending)
    if (before.pending.get(version) !== p) s.upsertPending.run(pendingParams(name, p));
  for (const version of before.pending.keys()) if (!after.pending.has(version)) s.deletePending.run(name, version);

  if (before.explicitTags !== after.explicitTags) {
    s.deleteExplicitTags.run(name);
    for (const [tag, version] of after.explicitTags) s.insertExplicitTag.run(name, tag, version);
  }

  if (before.versions === after.versions && before.explicitTags === after.explicitTags) return;
  // Everything the package view shows changed only here (versions, tags, display name, creation).
  writePackageDocument(db, after);
  const beforeTags = effectiveDistTags(before);
  const tags = effectiveDistTags(after);
  if (!sameTags(beforeTags, tags)) {
    s.deleteDistTags.run(name);
    for (const [tag, t] of tags) s.insertDistTag.run(name, tag, t.version, t.explicit ? 1 : 0);
  }
  const latest = tags.get('latest')?.version ?? null;
  const beforeLatest = beforeTags.get('latest')?.version ?? null;
  if (beforeLatest !== latest) {
    const from = beforeLatest === null ? undefined : before.versions.get(beforeLatest)?.dependencies;
    moveDependents(db, name, from, latest === null ? undefined : after.versions.get(latest)?.dependencies);
  }
  if (after.createdAt === null) return;
  const changed =
    before.displayName !== after.displayName || before.createdAt !== after.createdAt || beforeLatest !== latest;
  if (changed) s.upsertPackage.run(name, after.displayName ?? name, after.createdAt, latest);
};

const sameTags = (a: Map<string, DistTag>, b: Map<string, DistTag>): boolean =>
  a.size === b.size &&
  [...a].every(([tag, t]) => b.get(tag)?.version === t.version && b.get(tag)?.explicit === t.explicit);

const versionParams = (name: string, v: PublishedVersion) => ({
  name,
  version: v.version,
  sort_key: semverSortKey(v.version),
  submission_id: v.submissionId,
  published_at: v.publishedAt,
  sha256: v.sha256,
  blake3: v.blake3,
  size: v.size,
  key_id: v.keyId,
  signature: v.signature,
  manifest: JSON.stringify(v.manifest),
  yanked: v.yanked ? 1 : 0,
  yank_reason: v.yanked?.reason ?? null,
  deprecated: v.deprecated,
});

const pendingParams = (name: string, p: PendingVersion) => ({
  name,
  version: p.version,
  submission_id: p.submissionId,
  verified_at: p.verifiedAt,
  sha256: p.sha256,
  blake3: p.blake3,
  size: p.size,
  key_id: p.keyId,
  signature: p.signature,
  manifest: JSON.stringify(p.manifest),
  dependencies: JSON.stringify([...p.dependencies]),
});
