import { describe, expect, it } from 'vitest';
import { FacetCounter } from './facet-counter.js';

describe('FacetCounter', () => {
  const counter = new FacetCounter();
  counter.set(1, [
    { kind: 'category', value: 'cli' },
    { kind: 'keyword', value: 'react' },
    { kind: 'namespace', value: 'npm' },
  ]);
  counter.set(2, [
    { kind: 'category', value: 'cli' },
    { kind: 'keyword', value: '__proto__' },
    { kind: 'namespace', value: 'npm' },
  ]);
  counter.set(3, [
    { kind: 'category', value: 'testing' },
    { kind: 'namespace', value: 'acme' },
  ]);

  it('counts facet values over the given documents, commonest first', () => {
    const facets = counter.count([1, 2, 99], 10);
    expect(Object.entries(facets.categories)).toEqual([['cli', 2]]);
    // A hostile value is an ordinary key (null-prototype objects), sorted with the others.
    expect(Object.entries(facets.keywords)).toEqual([
      ['__proto__', 1],
      ['react', 1],
    ]);
    expect(Object.entries(facets.authors)).toEqual([]);
    expect(Object.entries(facets.namespaces)).toEqual([['npm', 2]]);
    expect(JSON.stringify(facets.keywords)).toBe('{"__proto__":1,"react":1}');
  });

  it('keeps the top N per facet and counts over everything for browsing', () => {
    expect(counter.count([1, 2, 3], 1).categories).toEqual({ cli: 2 });
    expect({ ...counter.countAll(5).namespaces }).toEqual({ npm: 2, acme: 1 });
    expect(counter.documents).toBe(3);
  });

  it('tells whether a document has all the required values', () => {
    expect(
      counter.hasAll(1, [
        { kind: 'category', value: 'cli' },
        { kind: 'namespace', value: 'npm' },
      ]),
    ).toBe(true);
    expect(counter.hasAll(1, [{ kind: 'category', value: 'testing' }])).toBe(false);
    expect(counter.hasAll(1, [{ kind: 'category', value: 'never-seen' }])).toBe(false);
    expect(counter.hasAll(99, [])).toBe(false);
  });

  it('replaces and deletes documents', () => {
    counter.set(3, [{ kind: 'category', value: 'cli' }]);
    counter.delete(1);
    counter.delete(42);
    expect({ ...counter.countAll(5).categories }).toEqual({ cli: 2 });
    expect(counter.documents).toBe(2);
  });
});
