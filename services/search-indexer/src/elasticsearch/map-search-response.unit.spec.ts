import type { estypes } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import type { SearchRequest } from '../search/search-types.js';
import { mapSearchResponse, mapSuggestResponse, UnexpectedSearchResponseError } from './map-search-response.js';

const request: SearchRequest = { q: 'kit', filters: {}, page: 2, perPage: 3 };

const source = (name: string, more: Record<string, unknown> = {}) => ({
  name,
  version: '1.0.0',
  description: `${name} description`,
  keywords: ['kit'],
  categories: ['Tools'],
  authors: ['Ada'],
  downloads: 42,
  deprecated: false,
  ...more,
});

const terms = (buckets: [string, number][], error = 0): estypes.AggregationsStringTermsAggregate => ({
  doc_count_error_upper_bound: error,
  sum_other_doc_count: 0,
  buckets: buckets.map(([key, doc_count]) => ({ key, doc_count })),
});

const response = (
  total: estypes.SearchTotalHits | number,
  hits: { source: unknown; score: number }[],
  aggregations: Record<string, estypes.AggregationsAggregate> = {
    categories: terms([['tools', 2]]),
    keywords: terms([
      ['kit', 2],
      ['cli', 1],
    ]),
    authors: terms([['ada', 2]]),
    namespaces: terms([]),
  },
): estypes.SearchResponse<unknown> => ({
  took: 1,
  timed_out: false,
  _shards: { total: 1, successful: 1, failed: 0 },
  hits: {
    total,
    max_score: null,
    hits: hits.map((h, i) => ({ _index: 'idx', _id: `id${i}`, _score: h.score, _source: h.source })),
  },
  aggregations,
});

describe('mapSearchResponse', () => {
  it('maps hits, facets and an exact total into the SearchResult shape', () => {
    const result = mapSearchResponse(
      request,
      response({ value: 7, relation: 'eq' }, [
        { source: source('acme/a'), score: 25.12345 },
        { source: source('acme/b', { deprecated: true, downloads: 0 }), score: 3.5 },
      ]),
    );
    expect(result).toEqual({
      total: 7,
      totalExact: true,
      page: 2,
      perPage: 3,
      hits: [
        {
          name: 'acme/a',
          version: '1.0.0',
          description: 'acme/a description',
          keywords: ['kit'],
          categories: ['Tools'],
          authors: ['Ada'],
          downloads: 42,
          // The not-deprecated boost is taken off again, rounded to 0.001 as the FTS5 engine does.
          score: 15.123,
          deprecated: false,
        },
        expect.objectContaining({ name: 'acme/b', deprecated: true, downloads: 0, score: -6.5 }),
      ],
      facets: { categories: { tools: 2 }, keywords: { kit: 2, cli: 1 }, authors: { ada: 2 }, namespaces: {} },
      facetsExact: true,
    });
  });

  it('reads a lower bound on the total (track_total_hits reached) as 1,000, not exact', () => {
    const result = mapSearchResponse(request, response({ value: 1000, relation: 'gte' }, []));
    expect([result.total, result.totalExact]).toEqual([1000, false]);
    // The unfiltered browse tracks all hits: an exact count over 1,000 stays exact.
    const all = mapSearchResponse(request, response({ value: 123_456, relation: 'eq' }, []));
    expect([all.total, all.totalExact]).toEqual([123_456, true]);
  });

  it('says facets are not exact when a terms aggregation reports a possible error', () => {
    const aggs = {
      categories: terms([['tools', 9]], 2),
      keywords: terms([]),
      authors: terms([]),
      namespaces: terms([]),
    };
    expect(mapSearchResponse(request, response(9, [], aggs)).facetsExact).toBe(false);
  });

  it('refuses a response it cannot read with a typed error', () => {
    const noAggs = { categories: terms([]), keywords: terms([]), authors: terms([]) };
    expect(() => mapSearchResponse(request, response(0, [], noAggs))).toThrow(UnexpectedSearchResponseError);
    expect(() => mapSearchResponse(request, response(1, [{ source: undefined, score: 1 }]))).toThrow(
      /hit id0 has no _source/,
    );
  });
});

describe('mapSuggestResponse', () => {
  it('keeps the order Elasticsearch sorted and only what a suggestion shows', () => {
    const suggestions = mapSuggestResponse(
      response(2, [
        { source: source('acme/react'), score: 1 },
        { source: source('acme/react-dom', { deprecated: true }), score: 0 },
      ]),
    );
    expect(suggestions).toEqual([
      { name: 'acme/react', version: '1.0.0', description: 'acme/react description', downloads: 42, deprecated: false },
      {
        name: 'acme/react-dom',
        version: '1.0.0',
        description: 'acme/react-dom description',
        downloads: 42,
        deprecated: true,
      },
    ]);
  });
});
