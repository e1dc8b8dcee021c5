import { effectiveDistTags } from './dist-tags.js';
import type { PackageState, PublishedVersion, VersionManifest } from './package-state.js';
import { semverSortKey } from './semver-sort-key.js';
import { compareVersions } from './version-order.js';

export interface VersionView extends VersionManifest {
  name: string;
  version: string;
  publishedAt: string;
  sha256: string;
  blake3: string;
  size: number;
  keyId: string;
  signature: string;
  dependencies: Record<string, string>;
  yanked: boolean;
  yankedReason: string | null;
  deprecated: string | null;
}

export interface PackageView {
  /** As first published (display); `normalizedName` is the identity. */
  name: string;
  normalizedName: string;
  createdAt: string;
  latest: string | null;
  distTags: Record<string, string>;
  /** Distinct packages whose latest version depends on this one; null in as-of views (a cross-package figure). */
  dependents: number | null;
  /** Ascending semver order. */
  versions: VersionView[];
}

/** The one rendering of a package, shared by the live read model and the as-of fold. */
export const packageView = (state: PackageState, dependents: number | null): PackageView | null => {
  if (state.versions.size === 0 || state.createdAt === null) return null;
  const displayName = state.displayName ?? state.name;
  const tags = effectiveDistTags(state);
  const distTags: Record<string, string> = {};
  for (const tag of [...tags.keys()].sort()) distTags[tag] = tags.get(tag)!.version;
  return {
    name: displayName,
    normalizedName: state.name,
    createdAt: state.createdAt,
    latest: tags.get('latest')?.version ?? null,
    distTags,
    dependents,
    versions: inPrecedenceOrder([...state.versions.values()]).map((v) => versionView(displayName, v)),
  };
};

/** Sort keys computed once per version, not once per comparison. */
const inPrecedenceOrder = (versions: PublishedVersion[]): PublishedVersion[] =>
  versions
    .map((v) => ({ v, key: semverSortKey(v.version) }))
    .sort((a, b) => (a.key !== b.key ? (a.key < b.key ? -1 : 1) : compareVersions(a.v.version, b.v.version)))
    .map(({ v }) => v);

export const versionView = (displayName: string, v: PublishedVersion): VersionView => ({
  name: displayName,
  version: v.version,
  publishedAt: v.publishedAt,
  sha256: v.sha256,
  blake3: v.blake3,
  size: v.size,
  keyId: v.keyId,
  signature: v.signature,
  ...v.manifest,
  dependencies: Object.fromEntries([...v.dependencies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  yanked: v.yanked !== null,
  yankedReason: v.yanked?.reason ?? null,
  deprecated: v.deprecated,
});
