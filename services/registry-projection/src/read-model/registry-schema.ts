/**
 * The registry read model, append-only migrations (editing one makes the read model rebuild from
 * history). Names are normalised everywhere; the spelling people typed lives in display_name.
 */
export const REGISTRY_READ_MODEL = 'registry';

export const registryMigrations: readonly string[] = [
  `
  CREATE TABLE packages (
    name TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    latest TEXT
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE versions (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    published_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    blake3 TEXT NOT NULL,
    size INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    manifest TEXT NOT NULL,
    yanked INTEGER NOT NULL DEFAULT 0,
    yank_reason TEXT,
    deprecated TEXT,
    PRIMARY KEY (name, version)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX versions_by_precedence ON versions (name, sort_key);

  CREATE TABLE dependencies (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    dep_name TEXT NOT NULL,
    range TEXT NOT NULL,
    PRIMARY KEY (name, version, dep_name)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX dependencies_by_dependency ON dependencies (dep_name, name, version);

  -- What readers see: explicit tags that point at a published version, plus the automatic latest.
  CREATE TABLE dist_tags (
    name TEXT NOT NULL,
    tag TEXT NOT NULL,
    version TEXT NOT NULL,
    explicit INTEGER NOT NULL,
    PRIMARY KEY (name, tag)
  ) STRICT, WITHOUT ROWID;

  -- What owners asked for, even before the version exists or while it is yanked.
  CREATE TABLE explicit_tags (
    name TEXT NOT NULL,
    tag TEXT NOT NULL,
    version TEXT NOT NULL,
    PRIMARY KEY (name, tag)
  ) STRICT, WITHOUT ROWID;

  -- Verified, waiting for Stored: invisible to every query.
  CREATE TABLE pending_versions (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    verified_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    blake3 TEXT NOT NULL,
    size INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    manifest TEXT NOT NULL,
    dependencies TEXT NOT NULL,
    PRIMARY KEY (name, version)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    namespaces TEXT NOT NULL,
    owner TEXT NOT NULL,
    registered_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- GET /v1/packages/:name answered by one point lookup (package-documents.ts): the package view as
  -- ready-to-send JSON, written by the projection in the transaction of its checkpoint. The
  -- dependents figure depends on other packages, so it is kept apart and spliced in at
  -- dependents_at (a character offset into body); digest is the SHA-256 of body, for the ETag.
  CREATE TABLE package_documents (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    dependents_at INTEGER NOT NULL,
    digest TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;

  -- Distinct other packages whose current latest version depends on name, kept by the projection
  -- (no zero rows).
  CREATE TABLE dependents_counts (
    name TEXT PRIMARY KEY,
    count INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  INSERT INTO dependents_counts (name, count)
    SELECT d.dep_name, COUNT(DISTINCT d.name) FROM dependencies d
    JOIN packages p ON p.name = d.name AND p.latest = d.version
    WHERE d.dep_name <> d.name GROUP BY d.dep_name;
  `,
];

/** Every table this read model owns with its key columns, in dump order. */
export const registryTables = {
  packages: ['name'],
  versions: ['name', 'version'],
  dependencies: ['name', 'version', 'dep_name'],
  dist_tags: ['name', 'tag'],
  explicit_tags: ['name', 'tag'],
  pending_versions: ['name', 'version'],
  keys: ['key_id'],
  package_documents: ['name'],
  dependents_counts: ['name'],
} as const;
