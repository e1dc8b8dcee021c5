import { normalizePackageName } from '@market/contracts';
import semver from 'semver';
import { emptyLockfile, LOCKFILE_VERSION, type LockedPackage, type Lockfile } from '../project/lockfile.js';
import { reachablePackages } from '../project/lock-consistency.js';
import { isMarketError, type MarketplaceClient, type Resolution } from '../sdk.js';

export interface PlanOptions {
  /** Versions to keep where still possible (normalised name → version), e.g. from the current lock. */
  pins?: Record<string, string>;
  /** When the pins make the ranges unsatisfiable: resolve again without them (install) or fail (update name). */
  dropPinsOnConflict?: boolean;
  warn?: (message: string) => void;
}

/**
 * Asks the registry's resolver for one version per package and turns the answer into a lock.
 * Pins are added as exact root requirements so that installing one more pack does not move
 * the others; packages only the pins reached are left out again.
 */
export const planFromRegistry = async (
  client: MarketplaceClient,
  requirements: Record<string, string>,
  options: PlanOptions = {},
): Promise<Lockfile> => {
  if (Object.keys(requirements).length === 0) return emptyLockfile(requirements);
  const pins = options.pins ?? {};
  let resolution: Resolution;
  if (Object.keys(pins).length === 0) {
    resolution = await client.resolve(requirements);
  } else {
    try {
      resolution = await client.resolve(withPins(requirements, pins));
    } catch (error) {
      if (!options.dropPinsOnConflict || !isMarketError(error, 'unsatisfiable')) throw error;
      resolution = await client.resolve(requirements);
    }
  }
  const packages: Record<string, LockedPackage> = {};
  for (const [name, entry] of Object.entries(resolution.resolved)) {
    const { version, sha256, blake3, size, keyId, signature, dependencies } = entry;
    // The resolver picks a yanked version only for an exact pin in the requirements.
    if (entry.yanked) options.warn?.(`${name}@${version} is yanked; installing it because it is pinned exactly`);
    packages[normalizePackageName(name)] = {
      version,
      sha256,
      blake3,
      size,
      keyId,
      signature,
      dependencies: Object.fromEntries(
        Object.entries(dependencies).map(([dep, range]) => [normalizePackageName(dep), range]),
      ),
    };
  }
  const keep = reachablePackages(requirements, packages);
  return {
    lockfileVersion: LOCKFILE_VERSION,
    requirements,
    packages: Object.fromEntries(Object.entries(packages).filter(([name]) => keep.has(name))),
  };
};

/** A pinned package the manifest also names keeps the manifest's spelling, narrowed to the pin. */
const withPins = (requirements: Record<string, string>, pins: Record<string, string>): Record<string, string> => {
  const out = { ...requirements };
  const direct = new Map(Object.keys(requirements).map((n) => [normalizePackageName(n), n]));
  for (const [name, version] of Object.entries(pins)) {
    const spelled = direct.get(name);
    if (spelled === undefined) out[name] = version;
    // A range the user just changed wins over the old pin.
    else if (semver.satisfies(version, requirements[spelled]!)) out[spelled] = `${requirements[spelled]} ${version}`;
  }
  return out;
};
