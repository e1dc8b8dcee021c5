import semver from 'semver';

export interface VersionCandidate {
  version: string;
  yanked: boolean;
}

/**
 * The version a package is indexed by: its highest non-yanked release, or its highest non-yanked
 * prerelease when it has no release. Undefined when every version is yanked: the package leaves
 * the index.
 */
export const pickIndexedVersion = <V extends VersionCandidate>(versions: readonly V[]): V | undefined => {
  const live = versions.filter((v) => !v.yanked && semver.valid(v.version));
  const releases = live.filter((v) => !semver.prerelease(v.version));
  const pool = releases.length > 0 ? releases : live;
  let best: V | undefined;
  for (const v of pool) {
    if (!best) best = v;
    else {
      const order = semver.compare(v.version, best.version);
      // Versions differing only in build metadata rank equal: the string order makes the choice stable.
      if (order > 0 || (order === 0 && v.version > best.version)) best = v;
    }
  }
  return best;
};
