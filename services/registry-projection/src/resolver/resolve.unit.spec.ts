import { describe, expect, it } from 'vitest';
import { resolve } from './resolve.js';
import type { CandidateVersion, ResolveResult } from './resolution-types.js';

interface Fixture extends CandidateVersion {
  sha256: string;
}

/** `{ 'acme/a': { '1.0.0': { 'acme/b': '^1' }, '0.9.0!': {} } }` — a `!` suffix marks a yanked version. */
const registry = (spec: Record<string, Record<string, Record<string, string>>>) => {
  const calls = new Map<string, number>();
  const getVersions = (name: string): Fixture[] | undefined => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    const versions = spec[name];
    return versions
      ? Object.entries(versions).map(([v, deps]) => ({
          version: v.replace(/!$/, ''),
          yanked: v.endsWith('!'),
          dependencies: new Map(Object.entries(deps)),
          sha256: `sha-${name}@${v}`,
        }))
      : undefined;
  };
  return { getVersions, calls };
};

const versionsOf = (r: ResolveResult<Fixture>) => {
  if (!r.ok) throw new Error(`unexpected failure:\n${r.explanation}`);
  return Object.fromEntries([...r.resolved].map(([n, c]) => [n, c.version]).sort());
};

const failureOf = (r: ResolveResult<Fixture>) => {
  if (r.ok) throw new Error(`unexpected success: ${JSON.stringify(versionsOf(r))}`);
  return r;
};

describe('resolve', () => {
  it('picks the highest satisfying versions transitively and returns the full candidates', () => {
    const { getVersions } = registry({
      'acme/app': { '1.0.0': { 'acme/lib': '^1.2.0' } },
      'acme/lib': { '1.1.0': {}, '1.2.0': {}, '1.4.2': { 'acme/util': '~0.3.0' }, '2.0.0': {} },
      'acme/util': { '0.3.1': {}, '0.3.9': {}, '0.4.0': {} },
    });
    const r = resolve({ 'acme/app': '^1.0.0' }, getVersions);
    expect(versionsOf(r)).toEqual({ 'acme/app': '1.0.0', 'acme/lib': '1.4.2', 'acme/util': '0.3.9' });
    expect(r.ok && r.resolved.get('acme/util')?.sha256).toBe('sha-acme/util@0.3.9');
  });

  it('normalises names in requirements and dependencies (look-alikes are one package)', () => {
    const { getVersions } = registry({
      'acme/my-app': { '1.0.0': { 'acme/my-lib': '^1.0.0' } },
      'acme/my-lib': { '1.0.0': {} },
    });
    expect(versionsOf(resolve({ 'Acme/My_App': '1', 'acme/my.lib': '1.x' }, getVersions))).toEqual({
      'acme/my-app': '1.0.0',
      'acme/my-lib': '1.0.0',
    });
  });

  it('resolves a diamond to one shared version that satisfies both sides', () => {
    const { getVersions } = registry({
      'acme/left': { '1.0.0': { 'acme/base': '>=1.1.0' } },
      'acme/right': { '1.0.0': { 'acme/base': '<1.3.0' } },
      'acme/base': { '1.0.0': {}, '1.1.0': {}, '1.2.5': {}, '1.3.0': {} },
    });
    expect(versionsOf(resolve({ 'acme/left': '*', 'acme/right': '*' }, getVersions))).toMatchObject({
      'acme/base': '1.2.5',
    });
  });

  it('backtracks to an older version when a later constraint conflicts', () => {
    const { getVersions } = registry({
      'acme/a': {
        '1.3.0': { 'acme/b': '<2.0.0' },
        '1.2.0': { 'acme/b': '<2.0.0' },
        '1.1.0': { 'acme/b': '^2.0.0' },
      },
      'acme/b': { '1.9.0': {}, '2.0.0': {}, '2.1.0': {} },
    });
    expect(versionsOf(resolve({ 'acme/a': '^1.0.0', 'acme/b': '^2.0.0' }, getVersions))).toEqual({
      'acme/a': '1.1.0',
      'acme/b': '2.1.0',
    });
  });

  it('backtracks a choice made before the constraint that rules it out was known', () => {
    // b is decided first (one candidate left after the root constraint is narrower for c);
    // c@2 needs d@2, which needs b<2: only c@1 works.
    const { getVersions } = registry({
      'acme/b': { '2.0.0': {} },
      'acme/c': { '1.0.0': {}, '2.0.0': { 'acme/d': '^2.0.0' } },
      'acme/d': { '2.0.0': { 'acme/b': '<2.0.0' } },
    });
    expect(versionsOf(resolve({ 'acme/b': '^2.0.0', 'acme/c': '*' }, getVersions))).toEqual({
      'acme/b': '2.0.0',
      'acme/c': '1.0.0',
    });
  });

  it('explains a conflict with who required what', () => {
    const { getVersions } = registry({
      'acme/a': { '1.3.0': { 'acme/b': '<2.0.0' }, '1.2.0': { 'acme/b': '<2.0.0' } },
      'acme/b': { '1.9.0': {}, '2.0.0': {} },
    });
    const r = failureOf(resolve({ 'acme/a': '^1.0.0', 'acme/b': '^2.0.0' }, getVersions));
    expect(r.conflicts[0]).toEqual({
      kind: 'conflicting_ranges',
      name: 'acme/b',
      requirements: [
        { range: '^2.0.0', requiredBy: 'root' },
        { range: '<2.0.0', requiredBy: 'acme/a@1.3.0' },
      ],
    });
    expect(r.explanation.split('\n')[0]).toBe('acme/b: ^2.0.0 (root) vs <2.0.0 (acme/a@1.3.0)');
    // the same clash with acme/a@1.2.0 is one finding, not two
    expect(r.conflicts.filter((c) => c.kind === 'conflicting_ranges')).toHaveLength(1);
  });

  it('explains transitive conflicts between two dependencies', () => {
    const { getVersions } = registry({
      'acme/x': { '1.0.0': { 'acme/z': '^1.0.0' } },
      'acme/y': { '1.0.0': { 'acme/z': '^2.0.0' } },
      'acme/z': { '1.0.0': {}, '2.0.0': {} },
    });
    const r = failureOf(resolve({ 'acme/x': '1.0.0', 'acme/y': '1.0.0' }, getVersions));
    expect(r.explanation).toContain('acme/z: ^1.0.0 (acme/x@1.0.0) vs ^2.0.0 (acme/y@1.0.0)');
  });

  it('reports unknown packages and ranges no version matches', () => {
    const { getVersions } = registry({
      'acme/a': { '1.0.0': { 'acme/ghost': '^1.0.0' } },
      'acme/b': { '1.0.0': {}, '1.1.0': {} },
    });
    const unknown = failureOf(resolve({ 'acme/a': '^1.0.0' }, getVersions));
    expect(unknown.explanation).toBe('acme/ghost: no such package (required by acme/a@1.0.0)');
    const none = failureOf(resolve({ 'acme/b': '^5.0.0' }, getVersions));
    expect(none.conflicts).toEqual([
      {
        kind: 'no_matching_version',
        name: 'acme/b',
        requirements: [{ range: '^5.0.0', requiredBy: 'root' }],
        available: ['1.1.0', '1.0.0'],
      },
    ]);
    expect(none.explanation).toBe('acme/b: no version matches ^5.0.0 (root) (available: 1.1.0, 1.0.0)');
  });

  it('never chooses a yanked version, unless the root pins exactly that version', () => {
    const { getVersions } = registry({
      'acme/a': { '1.0.0': {}, '1.1.0!': {} },
      'acme/b': { '1.0.0': { 'acme/a': '1.1.0' } },
      'acme/c': { '1.0.0!': {} },
    });
    expect(versionsOf(resolve({ 'acme/a': '^1.0.0' }, getVersions))).toEqual({ 'acme/a': '1.0.0' });
    expect(versionsOf(resolve({ 'acme/a': '=1.1.0' }, getVersions))).toEqual({ 'acme/a': '1.1.0' });
    // a dependency's pin does not revive a yank
    expect(failureOf(resolve({ 'acme/b': '*' }, getVersions)).explanation).toContain(
      'acme/a: no version matches 1.1.0 (acme/b@1.0.0)',
    );
    expect(failureOf(resolve({ 'acme/c': '*' }, getVersions)).explanation).toBe(
      'acme/c: no version matches * (root) (available: none installable)',
    );
  });

  it('follows npm prerelease rules', () => {
    const { getVersions } = registry({
      'acme/p': { '1.0.0': {}, '1.1.0-beta.1': {}, '1.1.0-beta.2': {}, '1.2.0-rc.1': {} },
    });
    expect(versionsOf(resolve({ 'acme/p': '^1.0.0' }, getVersions))).toEqual({ 'acme/p': '1.0.0' });
    expect(versionsOf(resolve({ 'acme/p': '^1.1.0-beta.1' }, getVersions))).toEqual({ 'acme/p': '1.1.0-beta.2' });
    expect(versionsOf(resolve({ 'acme/p': '1.2.0-rc.1' }, getVersions))).toEqual({ 'acme/p': '1.2.0-rc.1' });
  });

  it('handles dependency cycles, including a package that depends on itself', () => {
    const { getVersions } = registry({
      'acme/a': { '1.0.0': { 'acme/b': '^1.0.0' }, '1.1.0': { 'acme/b': '^1.0.0' } },
      'acme/b': { '1.0.0': { 'acme/a': '1.0.0' } },
      'acme/s': { '1.0.0': { 'acme/s': '^1.0.0' } },
    });
    expect(versionsOf(resolve({ 'acme/a': '^1.0.0', 'acme/s': '*' }, getVersions))).toEqual({
      'acme/a': '1.0.0',
      'acme/b': '1.0.0',
      'acme/s': '1.0.0',
    });
  });

  it('loads each package once per resolution', () => {
    const spec: Record<string, Record<string, Record<string, string>>> = {};
    for (let i = 0; i < 50; i++) {
      const deps: Record<string, string> = {};
      for (let j = i + 1; j < Math.min(50, i + 4); j++) deps[`acme/p${j}`] = '^1.0.0';
      spec[`acme/p${i}`] = Object.fromEntries(['1.0.0', '1.1.0', '1.2.0', '2.0.0'].map((v) => [v, deps]));
    }
    const { getVersions, calls } = registry(spec);
    const r = resolve({ 'acme/p0': '^1.0.0' }, getVersions);
    expect(Object.keys(versionsOf(r))).toHaveLength(50);
    expect(Math.max(...calls.values())).toBe(1);
  });

  it('gives up with an explanation instead of searching forever', () => {
    // every version of every package needs a version of `acme/end` that does not exist,
    // except through a path that does not exist either: exponential for a naive search.
    const spec: Record<string, Record<string, Record<string, string>>> = { 'acme/end': { '1.0.0': {} } };
    for (let i = 0; i < 20; i++) {
      spec[`acme/n${i}`] = Object.fromEntries(
        Array.from({ length: 10 }, (_, v) => [
          `1.${v}.0`,
          i < 19 ? { [`acme/n${i + 1}`]: '^1.0.0' } : { 'acme/end': '^2.0.0' },
        ]),
      );
    }
    const { getVersions } = registry(spec);
    const r = failureOf(resolve({ 'acme/n0': '^1.0.0' }, getVersions, { maxSteps: 250 }));
    // 250 steps for 20×10 versions: learning that a version is dead keeps this linear (a naive search tries 10^20)
    expect(r.conflicts[0]).toMatchObject({ kind: 'no_matching_version', name: 'acme/end' });
    const limited = failureOf(resolve({ 'acme/n0': '^1.0.0' }, getVersions, { maxSteps: 5 }));
    expect(limited.conflicts[0]).toEqual({ kind: 'search_limit', steps: 5 });
  });
});
