import { normalizePackageName } from '@market/contracts';
import semver from 'semver';
import type { LockedPackage, Lockfile } from './lockfile.js';

/** Packages reachable from `requirements` through the locked dependencies (normalised names). */
export const reachablePackages = (
  requirements: Record<string, string>,
  packages: Record<string, LockedPackage>,
): Set<string> => {
  const seen = new Set<string>();
  const queue = Object.keys(requirements).map(normalizePackageName);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name) || !packages[name]) continue;
    seen.add(name);
    queue.push(...Object.keys(packages[name].dependencies));
  }
  return seen;
};

/** The lock restricted to what the requirements still reach (what uninstall keeps). */
export const pruneLockfile = (lock: Lockfile, requirements: Record<string, string>): Lockfile => {
  const keep = reachablePackages(requirements, lock.packages);
  return {
    ...lock,
    requirements,
    packages: Object.fromEntries(Object.entries(lock.packages).filter(([name]) => keep.has(name))),
  };
};

export const sameRequirements = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
};

/**
 * Why the lock cannot be installed as it is for these requirements, or [] when it can: it was
 * written for other requirements, a range is not met by the locked version, or a dependency
 * is missing from it. Catches hand edits and merges gone wrong before anything is downloaded.
 */
export const lockProblems = (lock: Lockfile, requirements: Record<string, string>): string[] => {
  const problems: string[] = [];
  if (!sameRequirements(lock.requirements, requirements)) {
    const changed = diffRequirements(lock.requirements, requirements);
    problems.push(`market.toml changed since market.lock was written (${changed.join('; ')})`);
  }
  const check = (name: string, range: string, by: string) => {
    const locked = lock.packages[normalizePackageName(name)];
    if (!locked) problems.push(`${name} (required by ${by}) is not in the lockfile`);
    else if (!semver.satisfies(locked.version, range))
      problems.push(`${name}@${locked.version} in the lockfile does not satisfy ${range} (required by ${by})`);
  };
  for (const [name, range] of Object.entries(requirements)) check(name, range, 'market.toml');
  for (const [name, pkg] of Object.entries(lock.packages)) {
    for (const [dep, range] of Object.entries(pkg.dependencies)) check(dep, range, `${name}@${pkg.version}`);
  }
  return problems;
};

const diffRequirements = (locked: Record<string, string>, wanted: Record<string, string>): string[] => {
  const out: string[] = [];
  for (const [name, range] of Object.entries(wanted)) {
    if (!Object.hasOwn(locked, name)) out.push(`${name} added`);
    else if (locked[name] !== range) out.push(`${name} ${locked[name]} → ${range}`);
  }
  for (const name of Object.keys(locked)) if (!Object.hasOwn(wanted, name)) out.push(`${name} removed`);
  return out;
};
