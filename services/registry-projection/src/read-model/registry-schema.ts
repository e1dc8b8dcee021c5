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
} as const;
