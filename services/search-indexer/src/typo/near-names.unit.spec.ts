import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.js';
import { nearNames } from './near-names.js';

const isIn = (names: ReadonlySet<string>) => (candidate: string) => names.has(candidate);
const NAMES = new Set(['git-date-extractor', 'css-tag', 'css-gg', 'sap-ovp', 'lodash', 'express', 'expres']);

describe('nearNames', () => {
  it('finds names one edit away, the edit joining words or falling in a short word', () => {
    expect(nearNames('gitdate-extractor', isIn(NAMES))).toEqual(['git-date-extractor']);
    expect(nearNames('css-tg', isIn(NAMES)).sort()).toEqual(['css-gg', 'css-tag']);
    expect(nearNames('sp-ovp', isIn(NAMES))).toEqual(['sap-ovp']);
    expect(nearNames('lodahs', isIn(NAMES))).toEqual(['lodash']);
    expect(nearNames('xlodash', isIn(NAMES))).toEqual(['lodash']);
    expect(nearNames('lodashx', isIn(NAMES))).toEqual(['lodash']);
  });

  it('leaves out the name itself, names two edits away, and names too short to guess', () => {
    expect(nearNames('express', isIn(NAMES))).toEqual(['expres']);
    expect(nearNames('lodsah', isIn(NAMES))).toEqual(['lodash']);
    expect(nearNames('ldsah', isIn(NAMES))).toEqual([]);
    expect(nearNames('css', isIn(new Set(['cs', 'csv', 'cssx'])))).toEqual([]);
    expect(nearNames('a'.repeat(65), isIn(new Set(['a'.repeat(64)])))).toEqual([]);
  });

  it('stops at the limit', () => {
    const names = new Set(['abcd', 'abce', 'abcf', 'abcg']);
    expect(nearNames('abcz', isIn(names), 2)).toHaveLength(2);
  });

  it('returns exactly the names within one edit (property, against the edit distance)', () => {
    const CHARS = 'abz09-';
    /** `word` after `count` random edits (deletion, insertion, substitution, swap). */
    const edited = (word: string, edits: [number, number, number][]) =>
      edits.reduce((w, [op, at, c]) => {
        const i = w.length === 0 ? 0 : at % w.length;
        const ch = CHARS[c % CHARS.length]!;
        if (op % 4 === 0) return w.slice(0, i) + w.slice(i + 1);
        if (op % 4 === 1) return w.slice(0, i) + ch + w.slice(i);
        if (op % 4 === 2) return w.slice(0, i) + ch + w.slice(i + 1);
        return i + 1 < w.length ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w;
      }, word);
    const edit = fc.tuple(fc.nat(), fc.nat(), fc.nat());
    fc.assert(
      fc.property(
        fc.stringMatching(/^[abz09-]{4,10}$/),
        fc.array(fc.array(edit, { minLength: 1, maxLength: 2 }), { maxLength: 20 }),
        (query, editLists) => {
          const list = editLists.map((edits) => edited(query, edits));
          const expected = list.filter((n) => n !== query && editDistance(query, n, 1) <= 1);
          expect(nearNames(query, isIn(new Set(list)), 100).sort()).toEqual([...new Set(expected)].sort());
        },
      ),
    );
  });
});
