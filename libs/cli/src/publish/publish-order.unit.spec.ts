import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishOrder } from './publish-order.js';

describe('publish order', () => {
  it('puts every pack after the packs it depends on, whatever the input order (property)', () => {
    const graph = fc
      .integer({ min: 1, max: 25 })
      .chain((n) =>
        fc.tuple(
          fc.array(fc.array(fc.nat(n - 1), { maxLength: 3 }), { minLength: n, maxLength: n }),
          fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(graph, ([deps, order]) => {
        // Edges only to lower indexes: acyclic by construction.
        const packs = deps.map((ds, i) => ({
          name: `acme/p${i}`,
          dependencies: Object.fromEntries(ds.filter((d) => d < i).map((d) => [`Acme/P${d}`, '^1'])),
        }));
        const ordered = publishOrder(order.map((i) => packs[i]!));
        expect(ordered).toHaveLength(packs.length);
        const position = new Map(ordered.map((p, i) => [p.name, i]));
        for (const p of packs)
          for (const dep of Object.keys(p.dependencies))
            expect(position.get(dep.toLowerCase())!).toBeLessThan(position.get(p.name)!);
      }),
    );
  });

  it('survives a cycle and keeps packs that depend on nothing given here in input order', () => {
    const a = { name: 'x/a', dependencies: { 'x/b': '*' } };
    const b = { name: 'x/b', dependencies: { 'x/a': '*' } };
    const c = { name: 'x/c', dependencies: { 'elsewhere/d': '*' } };
    expect(publishOrder([c, a, b]).map((p) => p.name)).toEqual(['x/c', 'x/b', 'x/a']);
  });
});
