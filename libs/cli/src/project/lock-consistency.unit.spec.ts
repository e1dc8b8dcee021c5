import { describe, expect, it } from 'vitest';
import type { LockedPackage, Lockfile } from './lockfile.js';
import { lockProblems, pruneLockfile, reachablePackages } from './lock-consistency.js';

const pkg = (version: string, dependencies: Record<string, string> = {}): LockedPackage => ({
  version,
  sha256: 'a'.repeat(64),
  blake3: 'b'.repeat(64),
  size: 1,
  keyId: 'c'.repeat(32),
  signature: 'sig',
  dependencies,
});

const lock: Lockfile = {
  lockfileVersion: 1,
  requirements: { 'acme/app': '^1.0.0', 'acme/tool': '^2.0.0' },
  packages: {
    'acme/app': pkg('1.2.0', { 'acme/base': '^1.0.0' }),
    'acme/tool': pkg('2.0.1', { 'acme/base': '^1.1.0', 'acme/util': '*' }),
    'acme/base': pkg('1.1.3'),
    'acme/util': pkg('0.1.0', { 'acme/tool': '^2.0.0' }),
  },
};

describe('lock consistency', () => {
  it('finds what the requirements reach, cycles included', () => {
    expect([...reachablePackages({ 'Acme/App': '^1' }, lock.packages)].sort()).toEqual(['acme/app', 'acme/base']);
    expect(reachablePackages({ 'acme/tool': '^2' }, lock.packages).size).toBe(3);
  });

  it('prune keeps shared dependencies and drops orphans', () => {
    const pruned = pruneLockfile(lock, { 'acme/app': '^1.0.0' });
    expect(Object.keys(pruned.packages).sort()).toEqual(['acme/app', 'acme/base']);
    expect(pruned.requirements).toEqual({ 'acme/app': '^1.0.0' });
  });

  it('accepts a lock that matches its manifest', () => {
    expect(lockProblems(lock, { ...lock.requirements })).toEqual([]);
  });

  it('names every way a lock can be out of date', () => {
    expect(lockProblems(lock, { 'acme/app': '^1.0.0' })[0]).toMatch(/acme\/tool removed/);
    expect(lockProblems(lock, { ...lock.requirements, 'acme/app': '^2.0.0' }).join('\n')).toMatch(
      /acme\/app \^1.0.0 → \^2.0.0[\s\S]*does not satisfy \^2.0.0/,
    );
    const broken: Lockfile = { ...lock, packages: { ...lock.packages, 'acme/base': pkg('1.0.0') } };
    expect(lockProblems(broken, lock.requirements).join('\n')).toMatch(
      /acme\/base@1.0.0 in the lockfile does not satisfy \^1.1.0 \(required by acme\/tool@2.0.1\)/,
    );
    const missing: Lockfile = { ...lock, packages: { ...lock.packages } };
    delete missing.packages['acme/util'];
    expect(lockProblems(missing, lock.requirements).join('\n')).toMatch(
      /acme\/util \(required by acme\/tool@2.0.1\) is not in the lockfile/,
    );
  });
});
