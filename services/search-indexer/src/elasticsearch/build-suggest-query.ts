import type { estypes } from '@elastic/elasticsearch';
import { parseQuery } from '../query/parse-query.js';
import { tokenize } from '../query/tokenize.js';
import { exactNameQuery } from './build-search-query.js';

/** What a suggestion shows (Suggestion), fetched from `_source`. */
export const SUGGESTION_SOURCE = ['name', 'version', 'description', 'downloads', 'deprecated'];

/**
 * `field` (a normalized name: words joined by `-`) starts with these words; the last one may be
 * unfinished when `open` (and 2+ characters long, as the FTS5 suggester's `*`).
 */
export const wordsPrefix = (field: string, words: string[], open: boolean): estypes.QueryDslQueryContainer => {
  const joined = words.join('-');
  if (open && words[words.length - 1]!.length >= 2) return { prefix: { [field]: joined } };
  return {
    bool: { should: [{ term: { [field]: joined } }, { prefix: { [field]: `${joined}-` } }], minimum_should_match: 1 },
  };
};

/**
 * GET /v1/search/suggest as an Elasticsearch search, as the FTS5 suggester (src/search/name-suggester.ts):
 * names whose words start with the typed ones, the last one possibly unfinished; `ns/na` completes
 * within namespaces whose words start with `ns`; a dangling 1-character last word must continue
 * the name; the package(s) the query names exactly come first, then by static rank (downloads,
 * deprecated last). Undefined when nothing was typed (no suggestions).
 */
export const buildSuggestQuery = (index: string, q: string, limit: number): estypes.SearchRequest | undefined => {
  const slash = q.indexOf('/');
  const namespaceTerms = slash < 0 ? [] : tokenize(q.slice(0, slash)).slice(0, 8);
  const nameTerms = tokenize(slash < 0 ? q : q.slice(slash + 1)).slice(0, 8);
  const clauses: estypes.QueryDslQueryContainer[] = [];
  if (namespaceTerms.length > 0) clauses.push(wordsPrefix('facet_namespace', namespaceTerms, nameTerms.length === 0));
  if (nameTerms.length > 0) {
    // Names hold only [a-z0-9._-], normalized to `-`: the typed words joined by `-` prefix the name.
    // A dangling 1-character word simply continues that prefix (FTS5 has to filter for it instead).
    const dangling = nameTerms.length > 1 && nameTerms[nameTerms.length - 1]!.length === 1;
    clauses.push(dangling ? { prefix: { bare: nameTerms.join('-') } } : wordsPrefix('bare', nameTerms, true));
  }
  if (clauses.length === 0) return undefined;
  const typed: estypes.QueryDslQueryContainer = { constant_score: { filter: { bool: { filter: clauses } }, boost: 0 } };
  const exact = exactNameQuery(parseQuery(q).name);
  return {
    index,
    size: limit,
    track_total_hits: false,
    track_scores: true,
    query: exact
      ? { bool: { should: [typed, { constant_score: { filter: exact, boost: 1 } }], minimum_should_match: 1 } }
      : typed,
    sort: [{ _score: { order: 'desc' } }, { rank: { order: 'desc' } }, { pkg: { order: 'asc' } }],
    _source: SUGGESTION_SOURCE,
  };
};
