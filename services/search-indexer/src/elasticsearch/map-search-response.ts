import type { estypes } from '@elastic/elasticsearch';
import { FACET_KINDS } from '../domain/facets.js';
import type { FacetCounts } from '../search/facet-counter.js';
import { COUNT_LIMIT } from '../search/search-engine.js';
import { toSearchHit } from '../search/search-hit.js';
import type { SearchHit, SearchRequest, SearchResult, Suggestion } from '../search/search-types.js';
import { FACET_AGGREGATION, NOT_DEPRECATED_BOOST } from './build-search-query.js';
import type { EsSearchDocument } from './es-document.js';

type HitSource = Pick<
  EsSearchDocument,
  'name' | 'version' | 'description' | 'keywords' | 'categories' | 'authors' | 'downloads' | 'deprecated'
>;

/** A response this adapter cannot read (a field missing or of another type): the index is not ours. */
export class UnexpectedSearchResponseError extends Error {
  readonly type = 'unexpected_search_response' as const;
  constructor(detail: string) {
    super(`unexpected Elasticsearch search response: ${detail}`);
    this.name = 'UnexpectedSearchResponseError';
  }
}

const sourceOf = <T>(hit: estypes.SearchHit<unknown>): T => {
  if (hit._source === undefined || hit._source === null)
    throw new UnexpectedSearchResponseError(`hit ${hit._id ?? '?'} has no _source`);
  return hit._source as T;
};

/**
 * A buildSearchQuery response as SearchResult, the shape the FTS5 engine answers with: `total`
 * exact up to COUNT_LIMIT (`relation: gte` reads as COUNT_LIMIT with `totalExact: false`), each
 * hit's score without the NOT_DEPRECATED_BOOST (so deprecated hits lose 10, as in FTS5), facets
 * as value → count per kind, `facetsExact` when no terms aggregation reports a possible error.
 */
export const mapSearchResponse = (request: SearchRequest, response: estypes.SearchResponse<unknown>): SearchResult => {
  const total = response.hits.total;
  if (total === undefined) throw new UnexpectedSearchResponseError('hits.total is missing');
  const count = typeof total === 'number' ? total : total.value;
  const totalExact = typeof total === 'number' || total.relation === 'eq';
  const hits: SearchHit[] = response.hits.hits.map((hit) => {
    const doc = sourceOf<HitSource>(hit);
    return toSearchHit(doc, (hit._score ?? 0) - NOT_DEPRECATED_BOOST);
  });
  const { facets, exact } = facetsOf(response.aggregations);
  return {
    total: totalExact ? count : Math.min(count, COUNT_LIMIT),
    totalExact,
    page: request.page,
    perPage: request.perPage,
    hits,
    facets,
    facetsExact: exact,
  };
};

const facetsOf = (aggregations: Record<string, estypes.AggregationsAggregate> | undefined) => {
  const facets = { categories: {}, keywords: {}, authors: {}, namespaces: {} } as FacetCounts;
  let exact = true;
  for (const kind of FACET_KINDS) {
    const name = FACET_AGGREGATION[kind];
    const aggregate = aggregations?.[name] as estypes.AggregationsStringTermsAggregate | undefined;
    if (aggregate === undefined) throw new UnexpectedSearchResponseError(`aggregation ${name} is missing`);
    if (!Array.isArray(aggregate.buckets))
      throw new UnexpectedSearchResponseError(`aggregation ${name} has keyed buckets`);
    for (const bucket of aggregate.buckets) facets[name][String(bucket.key)] = bucket.doc_count;
    if ((aggregate.doc_count_error_upper_bound ?? 0) > 0) exact = false;
  }
  return { facets, exact };
};

/** A buildSuggestQuery response as suggestions, in the order Elasticsearch sorted them. */
export const mapSuggestResponse = (response: estypes.SearchResponse<unknown>): Suggestion[] =>
  response.hits.hits.map((hit) => {
    const doc = sourceOf<Suggestion>(hit);
    return {
      name: doc.name,
      version: doc.version,
      description: doc.description,
      downloads: doc.downloads,
      deprecated: doc.deprecated,
    };
  });
