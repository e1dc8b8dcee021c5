import type { estypes } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { EXACT_NAME_BONUS, TYPO_NAME_BONUS } from '../domain/ranking.js';
import type { SearchRequest } from '../search/search-types.js';
import { buildSearchQuery, NOT_DEPRECATED_BOOST, SEARCHED_FIELDS } from './build-search-query.js';

type Q = estypes.QueryDslQueryContainer;

const request = (q: string, more: Partial<SearchRequest> = {}): SearchRequest => ({
  q,
  filters: {},
  page: 1,
  perPage: 20,
  ...more,
});

/** The function_score query and its parts, asserting the outer structure on the way. */
const partsOf = (built: estypes.SearchRequest) => {
  const fs = built.query!.function_score as estypes.QueryDslFunctionScoreQuery;
  expect(fs.score_mode).toBe('sum');
  expect(fs.boost_mode).toBe('sum');
  const bool = fs.query!.bool!;
  const must = bool.must as Q[];
  expect(must).toHaveLength(1);
  return { matching: must[0]!, filters: bool.filter as Q[], functions: fs.functions! };
};

/** The per-term clauses of the text query (bool.must of term queries). */
const termClauses = (text: Q): Q[] => text.bool!.must as Q[];

describe('buildSearchQuery', () => {
  it('needs every term, each in any field with the FTS5 column weights, typo-tolerant; the last one also as a prefix', () => {
    const { matching } = partsOf(buildSearchQuery('idx', request('parse json')));
    const [first, last] = termClauses(matching);
    expect(first).toEqual({
      multi_match: { query: 'parse', fields: SEARCHED_FIELDS, type: 'best_fields', fuzziness: 'AUTO' },
    });
    expect(last!.bool!.minimum_should_match).toBe(1);
    expect(last!.bool!.should).toEqual([
      { multi_match: { query: 'json', fields: SEARCHED_FIELDS, type: 'best_fields', fuzziness: 'AUTO' } },
      { multi_match: { query: 'json', fields: SEARCHED_FIELDS, type: 'phrase_prefix' } },
    ]);
    expect(SEARCHED_FIELDS).toEqual([
      'name_text^10',
      'keywords_text^5',
      'namespace_text^3',
      'description^1',
      'people^1',
    ]);
  });

  it('tokenizes as the FTS5 engine: stopwords dropped, syntax characters are separators, no prefix after a space', () => {
    const { matching } = partsOf(buildSearchQuery('idx', request('the "json" AND parser* ')));
    const queries = termClauses(matching).map((c) => c.multi_match?.query);
    // "the" and "and" are stopwords; the trailing space finishes the last word (no prefix clause).
    expect(queries).toEqual(['json', 'parser']);
  });

  it('does not correct numbers', () => {
    const { matching } = partsOf(buildSearchQuery('idx', request('base64 2024 ')));
    expect(termClauses(matching).map((c) => c.multi_match?.fuzziness)).toEqual(['AUTO', 0]);
  });

  it('adds the exact-name and typo-name bonuses for a query that reads as a name, and lets the named package match', () => {
    const { matching, functions } = partsOf(buildSearchQuery('idx', request('@Acme/Left_Pad')));
    const exact = { term: { pkg: 'acme/left-pad' } };
    expect(matching.bool!.should).toHaveLength(2);
    expect(matching.bool!.should as Q[]).toContainEqual(exact);
    expect(matching.bool!.minimum_should_match).toBe(1);
    expect(functions).toEqual([
      { field_value_factor: { field: 'downloads', modifier: 'ln1p', factor: 1, missing: 0 } },
      { filter: { term: { deprecated: false } }, weight: NOT_DEPRECATED_BOOST },
      { filter: exact, weight: EXACT_NAME_BONUS },
      {
        filter: {
          bool: { must: [{ fuzzy: { pkg: { value: 'acme/left-pad', fuzziness: 'AUTO' } } }], must_not: [exact] },
        },
        weight: TYPO_NAME_BONUS,
      },
    ]);
    const bare = partsOf(buildSearchQuery('idx', request('semver')));
    expect(bare.functions[2]).toEqual({ filter: { term: { bare: 'semver' } }, weight: EXACT_NAME_BONUS });
  });

  it('has no name bonus for a query of several words, and deprecation costs what it costs in FTS5', () => {
    const { matching, functions } = partsOf(buildSearchQuery('idx', request('json parser')));
    expect(matching.bool!.should).toBeUndefined();
    expect(functions).toHaveLength(2);
    expect(NOT_DEPRECATED_BOOST).toBe(10);
  });

  it('turns each filter value into a term on its normalized keyword field', () => {
    const { filters } = partsOf(
      buildSearchQuery(
        'idx',
        request('kit', {
          filters: {
            category: ['Frontend'],
            keyword: ['UI', ' Forms '],
            author: ['Ada  Lovelace'],
            namespace: ['My_Org'],
          },
        }),
      ),
    );
    expect(filters).toEqual([
      { term: { facet_category: 'frontend' } },
      { term: { facet_keyword: 'ui' } },
      { term: { facet_keyword: 'forms' } },
      { term: { facet_author: 'ada lovelace' } },
      { term: { facet_namespace: 'my-org' } },
    ]);
  });

  it('pages with from/size, counts to 1,000, aggregates the top 20 of each facet, sorts by score, rank, name', () => {
    const built = buildSearchQuery('market-packages', request('kit', { page: 3, perPage: 25 }));
    expect(built.index).toBe('market-packages');
    expect([built.from, built.size, built.track_total_hits]).toEqual([50, 25, 1000]);
    expect(built.aggs).toEqual({
      categories: { terms: { field: 'facet_category', size: 20 } },
      keywords: { terms: { field: 'facet_keyword', size: 20 } },
      authors: { terms: { field: 'facet_author', size: 20 } },
      namespaces: { terms: { field: 'facet_namespace', size: 20 } },
    });
    expect(built.sort).toEqual([{ _score: { order: 'desc' } }, { rank: { order: 'desc' } }, { pkg: { order: 'asc' } }]);
    expect(built._source).toEqual(
      expect.arrayContaining([
        'name',
        'version',
        'description',
        'keywords',
        'categories',
        'authors',
        'downloads',
        'deprecated',
      ]),
    );
  });

  it('browses with an empty query: everything (filtered), counted exactly only when unfiltered', () => {
    const all = buildSearchQuery('idx', request('  '));
    expect(partsOf(all).matching).toEqual({ match_all: {} });
    expect(partsOf(all).functions).toHaveLength(2);
    expect(all.track_total_hits).toBe(true);
    const filtered = buildSearchQuery('idx', request('', { filters: { author: ['ada'] } }));
    expect(partsOf(filtered).matching).toEqual({ match_all: {} });
    expect(filtered.track_total_hits).toBe(1000);
    // Only stopwords: they are kept (as FTS5 does), so this is a search (and a bare name), not a browse.
    const stop = partsOf(buildSearchQuery('idx', request('the')));
    const [text, exact] = stop.matching.bool!.should as Q[];
    expect(termClauses(text!)).toHaveLength(1);
    expect(exact).toEqual({ term: { bare: 'the' } });
  });
});
