import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitCount, charMask } from './char-mask.js';
import { allowedTypos, editDistance } from './edit-distance.js';
import { FREQUENT_TERM_DOCS, Vocabulary } from './vocabulary.js';

/** Unbounded reference implementation (optimal string alignment). */
const reference = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
};

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit', () => {
    expect(editDistance('lodash', 'lodash', 2)).toBe(0);
    expect(editDistance('lodahs', 'lodash', 2)).toBe(1);
    expect(editDistance('lodsh', 'lodash', 2)).toBe(1);
    expect(editDistance('lodassh', 'lodash', 2)).toBe(1);
    expect(editDistance('lodesh', 'lodash', 2)).toBe(1);
    expect(editDistance('expresss', 'express', 2)).toBe(1);
    expect(editDistance('recat', 'react', 1)).toBe(1);
  });

  it('agrees with the unbounded reference up to the bound', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(Math.min(reference(a, b), max + 1));
      }),
      { numRuns: 500 },
    );
  });

  it('allows 1 typo up to 5 characters, 2 beyond, none under 3 or for numbers', () => {
    expect([
      allowedTypos('ab'),
      allowedTypos('abc'),
      allowedTypos('react'),
      allowedTypos('router'),
      allowedTypos('12345'),
    ]).toEqual([0, 1, 1, 2, 0]);
  });
});

describe('charMask', () => {
  it('never rejects a term within the distance (one edit flips at most two bits)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'e', 'r', 't', '1', 'z', 'é'), minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = reference(a, b);
        expect(bitCount((charMask(a) ^ charMask(b)) >>> 0)).toBeLessThanOrEqual(2 * d);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Vocabulary', () => {
  const vocabulary = new Vocabulary();
  for (const [term, docs] of [
    ['react', 9000],
    ['reach', 40],
    ['redact', 3],
    ['lodash', 600],
    ['express', 1000],
    ['expressive', 5],
  ] as const) {
    vocabulary.add(term, docs);
  }

  it('finds terms within the allowed distance, closest then commonest first', () => {
    expect(vocabulary.corrections('reakt').map((c) => c.term)).toEqual(['react']);
    expect(vocabulary.corrections('reacj').map((c) => c.term)).toEqual(['react', 'reach']);
    expect(vocabulary.corrections('lodahs')).toEqual([{ term: 'lodash', distance: 1, docs: 600 }]);
    expect(vocabulary.corrections('expres').map((c) => c.term)).toEqual(['express']);
  });

  it('offers nothing for short terms, for exact terms themselves, or for strangers', () => {
    expect(vocabulary.corrections('re')).toEqual([]);
    expect(vocabulary.corrections('react').map((c) => c.term)).not.toContain('react');
    expect(vocabulary.corrections('zzzzzzzz')).toEqual([]);
    expect(vocabulary.corrections('x'.repeat(100))).toEqual([]);
  });

  it('tells whether a prefix starts a word in more than so many documents', () => {
    expect(vocabulary.startsWordInMoreThan('rea', 5_000)).toBe(true);
    expect(vocabulary.startsWordInMoreThan('reac', 9_000)).toBe(false);
    expect(vocabulary.startsWordInMoreThan('lod', 100)).toBe(false); // 600: below FREQUENT_TERM_DOCS, not listed
    expect(vocabulary.startsWordInMoreThan('exp', 999)).toBe(true);
    const growing = new Vocabulary();
    for (let i = 0; i < FREQUENT_TERM_DOCS; i++) growing.add('maintainers');
    expect(growing.startsWordInMoreThan('mai', FREQUENT_TERM_DOCS - 1)).toBe(true);
    expect(growing.startsWordInMoreThan('maz', 0)).toBe(false);
  });

  it('knows which terms exist and counts documents as they are added', () => {
    vocabulary.add('react', 1);
    expect(vocabulary.has('react')).toBe(true);
    expect(vocabulary.has('reakt')).toBe(false);
    expect(vocabulary.corrections('reacy')[0]).toEqual({ term: 'react', distance: 1, docs: 9001 });
  });
});
