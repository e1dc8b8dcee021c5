import type { estypes } from '@elastic/elasticsearch';
import { FACET_KINDS, type FacetKind, normalizeFacetValue } from '../domain/facets.js';
import { COLUMN_WEIGHTS, DEPRECATION_PENALTY, EXACT_NAME_BONUS, TYPO_NAME_BONUS } from '../domain/ranking.js';
import { type ParsedQuery, parseQuery } from '../query/parse-query.js';
import { COUNT_LIMIT, FACET_TOP } from '../search/search-engine.js';
import type { Filters } from '../search/match-expression.js';
import type { SearchRequest } from '../search/search-types.js';

/** The searched fields with the FTS5 column weights (src/domain/ranking.ts): name > keywords > namespace > description, people. */
export const SEARCHED_FIELDS = [
  `name_text^${COLUMN_WEIGHTS.name}`,
  `keywords_text^${COLUMN_WEIGHTS.keywords}`,
  `namespace_text^${COLUMN_WEIGHTS.namespace}`,
  `description^${COLUMN_WEIGHTS.description}`,
  `people^${COLUMN_WEIGHTS.people}`,
];

/** The keyword field each filter kind matches (normalized values, see es-document.ts). */
export const FACET_FIELD: Record<FacetKind, string> = {
  category: 'facet_category',
  keyword: 'facet_keyword',
  author: 'facet_author',
  namespace: 'facet_namespace',
};

/** The aggregation of each facet kind, named as SearchResult's `facets` keys. */
export const FACET_AGGREGATION: Record<FacetKind, 'categories' | 'keywords' | 'authors' | 'namespaces'> = {
  category: 'categories',
  keyword: 'keywords',
  author: 'authors',
  namespace: 'namespaces',
};

/**
 * Elasticsearch scores must not be negative, so the deprecation penalty is given the other way:
 * a package that is not deprecated gets this much on top (the same order as subtracting it from
 * deprecated ones); the result mapper subtracts it again.
 */
export const NOT_DEPRECATED_BOOST = DEPRECATION_PENALTY;

/** What a hit shows (SearchHit), fetched from `_source`. */
export const HIT_SOURCE = [
  'name',
  'version',
  'description',
  'keywords',
  'categories',
  'authors',
  'downloads',
  'deprecated',
];

/**
 * GET /v1/search as one Elasticsearch search request, the same semantics as the FTS5 engine where
 * Elasticsearch allows (README, "Ranking" and "Query handling"):
 *
 * - the query is tokenized and its stopwords dropped exactly as for FTS5 (parseQuery); every term
 *   must match (AND) in some field, fields boosted by the FTS5 column weights; a term matches with
 *   typos (fuzziness AUTO: 1 edit for 3–5 characters, 2 beyond, none under 3 or for numbers) and
 *   the last term also as a prefix when parseQuery says it may be unfinished;
 * - filters are terms on normalized keyword fields, all must hold; facets are terms aggregations
 *   (top FACET_TOP values each) over the matches;
 * - score = BM25 relevance + ln(1 + monthly downloads) + NOT_DEPRECATED_BOOST unless deprecated
 *   + EXACT_NAME_BONUS when the query is the package's name, else TYPO_NAME_BONUS when it is
 *   within typo distance of it; ties by static rank, then name; an empty query browses by rank;
 * - `track_total_hits: COUNT_LIMIT` (exact up to 1,000, as FTS5's bounded count), except the
 *   unfiltered browse, which counts exactly as FTS5 does.
 *
 * Only published, indexed versions are in the index at all (the read model decides; see index-writer.ts).
 */
export const buildSearchQuery = (index: string, request: SearchRequest): estypes.SearchRequest => {
  const parsed = parseQuery(request.q);
  const filters = filterClauses(request.filters);
  const text = textQuery(parsed);
  const exact = exactNameQuery(parsed.name);
  const matching: estypes.QueryDslQueryContainer =
    text === undefined
      ? { match_all: {} }
      : exact === undefined
        ? text
        : { bool: { should: [text, exact], minimum_should_match: 1 } };
  const functions: estypes.QueryDslFunctionScoreContainer[] = [
    { field_value_factor: { field: 'downloads', modifier: 'ln1p', factor: 1, missing: 0 } },
    { filter: { term: { deprecated: false } }, weight: NOT_DEPRECATED_BOOST },
  ];
  const typo = typoNameQuery(parsed.name);
  if (text !== undefined && exact !== undefined) functions.push({ filter: exact, weight: EXACT_NAME_BONUS });
  if (text !== undefined && typo !== undefined)
    functions.push({
      filter: exact === undefined ? typo : { bool: { must: [typo], must_not: [exact] } },
      weight: TYPO_NAME_BONUS,
    });
  const browseAll = text === undefined && filters.length === 0;
  return {
    index,
    from: (request.page - 1) * request.perPage,
    size: request.perPage,
    track_total_hits: browseAll ? true : COUNT_LIMIT,
    track_scores: true,
    query: {
      function_score: {
        query: { bool: { must: [matching], filter: filters } },
        functions,
        score_mode: 'sum',
        boost_mode: 'sum',
      },
    },
    sort: [{ _score: { order: 'desc' } }, { rank: { order: 'desc' } }, { pkg: { order: 'asc' } }],
    aggs: Object.fromEntries(
      FACET_KINDS.map((kind) => [FACET_AGGREGATION[kind], { terms: { field: FACET_FIELD[kind], size: FACET_TOP } }]),
    ),
    _source: HIT_SOURCE,
  };
};

/** Each filter value is one term on its normalized keyword field; all must hold. */
export const filterClauses = (filters: Filters): estypes.QueryDslQueryContainer[] =>
  FACET_KINDS.flatMap((kind) =>
    (filters[kind] ?? []).map((value) => ({ term: { [FACET_FIELD[kind]]: normalizeFacetValue(kind, value) } })),
  );

/** No typo correction for numbers (as the FTS5 engine); AUTO is 0 edits under 3 characters, 1 up to 5, then 2. */
const fuzzinessOf = (term: string): estypes.Fuzziness => (/^\p{N}+$/u.test(term) ? 0 : 'AUTO');

const termQuery = (term: string, prefix: boolean): estypes.QueryDslQueryContainer => {
  const whole: estypes.QueryDslQueryContainer = {
    multi_match: { query: term, fields: SEARCHED_FIELDS, type: 'best_fields', fuzziness: fuzzinessOf(term) },
  };
  if (!prefix) return whole;
  return {
    bool: {
      should: [whole, { multi_match: { query: term, fields: SEARCHED_FIELDS, type: 'phrase_prefix' } }],
      minimum_should_match: 1,
    },
  };
};

/** All terms must match (AND); the last one also as a prefix. Undefined for an empty query. */
export const textQuery = (parsed: ParsedQuery): estypes.QueryDslQueryContainer | undefined => {
  if (parsed.terms.length === 0) return undefined;
  const last = parsed.terms.length - 1;
  return { bool: { must: parsed.terms.map((term, i) => termQuery(term, i === last && parsed.prefixLast)) } };
};

/** The packages the query names: `ns/name` (or `@ns/name`) exactly, or every package with that bare name. */
export const exactNameQuery = (name: ParsedQuery['name']): estypes.QueryDslQueryContainer | undefined =>
  name.full ? { term: { pkg: name.full } } : name.bare ? { term: { bare: name.bare } } : undefined;

/** The packages the query names once typos are corrected (same fuzziness as the terms). */
export const typoNameQuery = (name: ParsedQuery['name']): estypes.QueryDslQueryContainer | undefined =>
  name.full
    ? { fuzzy: { pkg: { value: name.full, fuzziness: 'AUTO' } } }
    : name.bare
      ? { fuzzy: { bare: { value: name.bare, fuzziness: 'AUTO' } } }
      : undefined;
