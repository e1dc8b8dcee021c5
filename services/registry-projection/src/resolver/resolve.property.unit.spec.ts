import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { resolve } from './resolve.js';
import type { CandidateVersion } from './resolution-types.js';

const PACKAGES = ['acme/a', 'acme/b', 'acme/c', 'acme/d'];
const VERSIONS = ['1.0.0', '1.1.0', '2.0.0'];
const RANGES = ['^1.0.0', '^2.0.0', '>=1.1.0', '<1.1.0', '*', '1.0.0'];

const versionArb = fc.record({
  present: fc.boolean(),
  yanked: fc.boolean(),
  deps: fc.dictionary(fc.constantFrom(...PACKAGES), fc.constantFrom(...RANGES), { maxKeys: 3 }),
});
const registryArb = fc.tuple(...PACKAGES.map(() => fc.tuple(...VERSIONS.map(() => versionArb))));
const rootArb = fc.dictionary(fc.constantFrom(...PACKAGES), fc.constantFrom(...RANGES), { minKeys: 1, maxKeys: 3 });

type Registry = Map<string, CandidateVersion[]>;

const build = (raw: { present: boolean; yanked: boolean; deps: Record<string, string> }[][]): Registry =>
  new Map(
    PACKAGES.map((name, i) => [
      name,
      VERSIONS.flatMap((version, j) => {
        const v = raw[i]![j]!;
        return v.present ? [{ version, yanked: v.yanked, dependencies: new Map(Object.entries(v.deps)) }] : [];
      }),
    ]),
  );

const installable = (c: CandidateVersion, name: string, root: Record<string, string>) =>
  !c.yanked || semver.valid(root[name]?.replace(/^=/, '') ?? '') === c.version;

/** Every flat assignment (absent or one installable version per package), checked directly. */
const bruteForce = (registry: Registry, root: Record<string, string>): boolean => {
  const options = PACKAGES.map((name) => [null, ...registry.get(name)!.filter((c) => installable(c, name, root))]);
  const valid = (choice: (CandidateVersion | null)[]) => {
    const chosen = new Map(PACKAGES.map((n, i) => [n, choice[i]!]));
    const ok = (name: string, range: string) => {
      const c = chosen.get(name);
      return !!c && semver.satisfies(c.version, range);
    };
    if (!Object.entries(root).every(([n, r]) => ok(n, r))) return false;
    return [...chosen.values()].every((c) => !c || [...c.dependencies].every(([n, r]) => ok(n, r)));
  };
  const walk = (i: number, acc: (CandidateVersion | null)[]): boolean =>
    i === PACKAGES.length ? valid(acc) : options[i]!.some((o) => walk(i + 1, [...acc, o]));
  return walk(0, []);
};

describe('resolve (property)', () => {
  it('finds a solution exactly when one exists, and every solution it returns is valid', () => {
    fc.assert(
      fc.property(registryArb, rootArb, (raw, root) => {
        const registry = build(raw);
        const result = resolve(root, (name) => registry.get(name));
        expect(result.ok).toBe(bruteForce(registry, root));
        if (!result.ok) {
          expect(result.conflicts.length).toBeGreaterThan(0);
          return;
        }
        for (const [name, range] of Object.entries(root))
          expect(semver.satisfies(result.resolved.get(name)!.version, range)).toBe(true);
        for (const [name, c] of result.resolved) {
          expect(installable(c, name, root)).toBe(true);
          for (const [dep, range] of c.dependencies)
            expect(semver.satisfies(result.resolved.get(dep)!.version, range)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
