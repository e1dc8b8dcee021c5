import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, MAX_TERM_LENGTH, parseQuery } from './parse-query.js';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('splits on everything but letters and digits, lowercases, folds Latin accents', () => {
    expect(tokenize('React-Router_dom.v6 @types/Node')).toEqual(['react', 'router', 'dom', 'v6', 'types', 'node']);
    expect(tokenize('Café Ñandú Straße')).toEqual(['cafe', 'nandu', 'straße']);
  });

  it('keeps non-Latin scripts whole', () => {
    expect(tokenize('日本語 パッケージ')).toEqual(['日本語', 'パッケージ']);
    expect(tokenize('हिन्दी')).toEqual(['हिन्दी']);
  });

  it('turns FTS5 syntax into separators', () => {
    expect(tokenize('"foo" AND bar* NEAR(a b) {name}: ^x - col:y')).toEqual([
      'foo',
      'and',
      'bar',
      'near',
      'a',
      'b',
      'name',
      'x',
      'col',
      'y',
    ]);
    expect(tokenize('""""***((()))^^::--')).toEqual([]);
    expect(tokenize('\u0000\u0001\uFFFD\uD800')).toEqual([]);
  });
});

describe('parseQuery', () => {
  it('reads a full name and a bare name for the exact-name rule', () => {
    expect(parseQuery('@types/node').name).toEqual({ full: 'types/node' });
    expect(parseQuery('acme/My_Pack').name).toEqual({ full: 'acme/my-pack' });
    expect(parseQuery('Lodash.Debounce').name).toEqual({ bare: 'lodash-debounce' });
    expect(parseQuery('two words').name).toEqual({});
  });

  it('makes the last term a prefix unless it is finished (trailing space) or a single character', () => {
    expect(parseQuery('react rou')).toMatchObject({ terms: ['react', 'rou'], prefixLast: true });
    expect(parseQuery('react router ')).toMatchObject({ prefixLast: false });
    expect(parseQuery('react r')).toMatchObject({ prefixLast: false });
  });

  it('drops stopwords unless nothing else is left', () => {
    expect(parseQuery('a library for the web').terms).toEqual(['library', 'web']);
    expect(parseQuery('for the').terms).toEqual(['for', 'the']);
  });

  it('bounds hostile sizes instead of failing', () => {
    const long = parseQuery(`${'x'.repeat(5000)} ${Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ')}`);
    expect(long.terms).toHaveLength(MAX_QUERY_TERMS);
    expect(long.terms[0]).toHaveLength(MAX_TERM_LENGTH);
    expect(parseQuery('').terms).toEqual([]);
    expect(parseQuery('   ').prefixLast).toBe(false);
  });
});
