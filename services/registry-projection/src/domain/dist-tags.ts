import type { PackageState, PublishedVersion } from './package-state.js';
import { compareVersions, isPrerelease } from './version-order.js';

export interface DistTag {
  version: string;
  /** True when an owner set it; false for the automatic `latest`. */
  explicit: boolean;
}

/**
 * The automatic `latest`: the highest published version that is neither yanked nor a
 * prerelease. A package that has only prereleases still gets one (its highest non-yanked
 * prerelease), so `latest` is empty only when every version is yanked.
 */
export const automaticLatest = (versions: Iterable<PublishedVersion>): string | null => {
  let stable: string | null = null;
  let any: string | null = null;
  for (const v of versions) {
    if (v.yanked) continue;
    if (any === null || compareVersions(v.version, any) > 0) any = v.version;
    if (!isPrerelease(v.version) && (stable === null || compareVersions(v.version, stable) > 0)) stable = v.version;
  }
  return stable ?? any;
};

/**
 * What readers see: an explicit tag counts while it points at a published version (a tag set
 * ahead of a publication appears once that version is stored). `latest` is what new installs
 * pick, so an explicit `latest` also yields to the automatic one while its version is yanked;
 * removing the explicit `latest` goes back to automatic.
 */
export const effectiveDistTags = (state: PackageState): Map<string, DistTag> => {
  const tags = new Map<string, DistTag>();
  for (const [tag, version] of state.explicitTags) {
    const target = state.versions.get(version);
    if (!target) continue;
    if (tag === 'latest' && target.yanked) continue;
    tags.set(tag, { version, explicit: true });
  }
  if (!tags.has('latest')) {
    const latest = automaticLatest(state.versions.values());
    if (latest !== null) tags.set('latest', { version: latest, explicit: false });
  }
  return tags;
};
