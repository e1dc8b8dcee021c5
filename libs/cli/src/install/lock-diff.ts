import type { Lockfile } from '../project/lockfile.js';

export interface LockDiff {
  added: { name: string; version: string }[];
  removed: { name: string; version: string }[];
  changed: { name: string; from: string; to: string }[];
}

export const diffLockfiles = (before: Lockfile | undefined, after: Lockfile): LockDiff => {
  const old = before?.packages ?? {};
  const diff: LockDiff = { added: [], removed: [], changed: [] };
  for (const [name, pkg] of Object.entries(after.packages)) {
    const prev = old[name];
    if (!prev) diff.added.push({ name, version: pkg.version });
    else if (prev.version !== pkg.version || prev.sha256 !== pkg.sha256)
      diff.changed.push({ name, from: prev.version, to: pkg.version });
  }
  for (const [name, pkg] of Object.entries(old))
    if (!after.packages[name]) diff.removed.push({ name, version: pkg.version });
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.changed.sort(byName);
  return diff;
};
