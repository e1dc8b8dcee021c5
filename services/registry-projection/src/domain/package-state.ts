/** What a published version's manifest tells a reader (dependencies are kept apart, normalised). */
export interface VersionManifest {
  description: string;
  license: string;
  authors: string[];
  categories: string[];
  keywords: string[];
  homepage?: string;
  repository?: string;
}

/** The immutable facts of one archive, from the verified statement. */
export interface ArchiveFacts {
  submissionId: string;
  sha256: string;
  blake3: string;
  size: number;
  keyId: string;
  signature: string;
  manifest: VersionManifest;
  /** Normalised dependency name → semver range. */
  dependencies: ReadonlyMap<string, string>;
}

/** Verified but not stored yet: invisible to readers until PackageVersionStored. */
export interface PendingVersion extends ArchiveFacts {
  version: string;
  verifiedAt: string;
}

export interface PublishedVersion extends ArchiveFacts {
  version: string;
  /** occurredAt of PackageVersionStored: the moment the version became installable. */
  publishedAt: string;
  yanked: { reason: string } | null;
  deprecated: string | null;
}

/**
 * One package as folded from its stream. Maps, not records: tag names such as `constructor`
 * are valid and must not meet Object.prototype. Every evolve step returns a new state and keeps
 * unchanged entries by reference, so a writer can diff by identity.
 */
export interface PackageState {
  /** Normalised `namespace/name` (the identity; look-alikes share it). */
  name: string;
  /** The spelling of the first published version. */
  displayName: string | null;
  /** publishedAt of the first published version. */
  createdAt: string | null;
  versions: ReadonlyMap<string, PublishedVersion>;
  pending: ReadonlyMap<string, PendingVersion>;
  /** Tags as their owners set them; see dist-tags.ts for what readers see. */
  explicitTags: ReadonlyMap<string, string>;
}

export const emptyPackageState = (name: string): PackageState => ({
  name,
  displayName: null,
  createdAt: null,
  versions: new Map(),
  pending: new Map(),
  explicitTags: new Map(),
});
