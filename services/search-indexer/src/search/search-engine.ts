import type { Database } from 'better-sqlite3';
import { type FacetKind, normalizeFacetValue } from '../domain/facets.js';
import { type NameMatch, blendScore, staticScore } from '../domain/ranking.js';
import type { SearchDocument } from '../domain/search-document.js';
import { type ParsedQuery, parseQuery } from '../query/parse-query.js';
import { DocumentLookup } from './document-lookup.js';
import { FtsQueries } from './fts-queries.js';
import { IndexMirror } from './index-mirror.js';
import { type Filters, NAME_COLUMN, allOf, filterExpression, textExpression } from './match-expression.js';
import { correctedNames, planTerms } from './plan-terms.js';
import { ResultCache } from './result-cache.js';
import type { SearchHit, SearchRequest, SearchResult } from './search-types.js';

/** Up to this many matches, every match is scored: the ranking is exact. */
export const RANK_ALL_LIMIT = 400;
/** Beyond it, candidates are the most popular matches overall plus the most popular name matches. */
export const CANDIDATES_PER_TIER = 100;
/** Facets are counted over all matches up to this many, else over the most popular this many. */
export const FACET_SCOPE = 5_000;
/** Pages end here (as Elasticsearch's max_result_window): deeper, refine the query. */
export const MAX_RESULT_WINDOW = 10_000;
export const FACET_TOP = 20;

/**
 * Answers GET /v1/search from the search read model. The cost of a query is bounded whatever the
 * number of matches: a count, bm25 over at most RANK_ALL_LIMIT or 2·CANDIDATES_PER_TIER rows
 * (rowid-ordered, so LIMIT stops the scan), facet ids of at most FACET_SCOPE rows counted in
 * memory, and one lookup of the page's documents.
 */
export class SearchEngine {
  private readonly fts: FtsQueries;
  private readonly docs: DocumentLookup;
  private readonly mirror: IndexMirror;
  private readonly cache = new ResultCache<SearchResult>();

  /** `version`: the read model's position; answers are cached while it stays the same. */
  constructor(
    db: Database,
    private readonly version?: () => bigint,
  ) {
    this.fts = new FtsQueries(db);
    this.docs = new DocumentLookup(db);
    this.mirror = new IndexMirror(db);
  }

  search(request: SearchRequest): SearchResult {
    if (!this.version) return this.compute(request);
    const version = this.version();
    const key = JSON.stringify([request.q, request.filters, request.page, request.perPage]);
    const cached = this.cache.get(key, version);
    if (cached) return cached;
    const result = this.compute(request);
    this.cache.set(key, version, result);
    return result;
  }

  private compute(request: SearchRequest): SearchResult {
    this.mirror.refresh();
    const query = parseQuery(request.q);
    const filter = filterExpression(request.filters);
    if (query.terms.length === 0) return this.browse(request, filter);

    const context = {
      vocabulary: this.mirror.vocabulary,
      prefixDocs: (prefix: string, cap: number) => this.fts.countUpTo(textExpression([{ alternatives: [prefix], prefix: true }])!, cap),
      isPackageName: (word: string) => this.docs.exactKeys({ bare: word }).size > 0,
    };
    let plan = planTerms(query, context);
    let match = allOf(textExpression(plan.terms), filter)!;
    let total = this.fts.count(match);
    if (total === 0) {
      // Nothing: perhaps a word that exists was someone else's typo.
      const retry = planTerms(query, context, true);
      if (retry.corrections.size > 0) {
        plan = retry;
        match = allOf(textExpression(plan.terms), filter)!;
        total = this.fts.count(match);
      }
    }
    if (total === 0) return this.result(request, 0, [], this.mirror.facets.count([], FACET_TOP), true);

    const relevance = new Map<number, number>();
    const complete = total <= RANK_ALL_LIMIT;
    if (complete) for (const [key, rel] of this.fts.scoredAll(match)) relevance.set(key, rel);
    else {
      for (const [key, rel] of this.fts.scoredTop(match, CANDIDATES_PER_TIER)) relevance.set(key, rel);
      const names = allOf(textExpression(plan.terms, NAME_COLUMN), filter)!;
      for (const [key, rel] of this.fts.scoredTop(names, CANDIDATES_PER_TIER)) relevance.set(key, Math.max(rel, relevance.get(key) ?? rel));
    }
    const nameMatches = this.nameMatches(query.name, plan.corrections, request.filters);
    // A named package always matches the terms (they are its name's words) and is as relevant as
    // a match gets: all of them score the best relevance seen, so among several packages of that
    // name (npm/semver, types/semver) popularity decides, whatever else their text holds.
    const best = Math.max(0, ...relevance.values());
    for (const key of nameMatches.keys()) relevance.set(key, best);
    const ranked = [...relevance]
      .map(([key, rel]) => ({ key, score: blendScore(rel, key, nameMatches.get(key)) }))
      .sort((a, b) => b.score - a.score || b.key - a.key);

    const offset = (request.page - 1) * request.perPage;
    const page = ranked.slice(offset, offset + request.perPage);
    if (page.length < request.perPage && !complete) {
      // Past the scored candidates, the remaining matches follow in rank (popularity) order.
      const rest = this.fts.keysTop(match, offset + request.perPage).filter((key) => !relevance.has(key));
      const from = Math.max(0, offset - ranked.length);
      for (const key of rest.slice(from, from + request.perPage - page.length)) page.push({ key, score: staticScore(key) });
    }

    const facetKeys = complete ? relevance.keys() : total <= FACET_SCOPE ? this.fts.keysAll(match) : this.fts.keysTop(match, FACET_SCOPE);
    return this.result(request, total, page, this.mirror.facets.count(facetKeys, FACET_TOP), total <= FACET_SCOPE);
  }

  /** Documents the query names (exactly, or once its typos are corrected) that pass the filters. */
  private nameMatches(name: ParsedQuery['name'], corrections: ReadonlyMap<string, readonly string[]>, filters: Filters): Map<number, NameMatch> {
    const required = Object.entries(filters).flatMap(([kind, values]) =>
      (values ?? []).map((value) => ({ kind: kind as FacetKind, value: normalizeFacetValue(kind as FacetKind, value) })),
    );
    const found = new Map<number, NameMatch>();
    const add = (keys: Iterable<number>, match: NameMatch) => {
      for (const key of keys) if (!found.has(key) && this.mirror.facets.hasAll(key, required)) found.set(key, match);
    };
    add(this.docs.exactKeys(name), 'exact');
    for (const full of correctedNames(name.full, corrections)) add(this.docs.exactKeys({ full }), 'typo');
    for (const bare of correctedNames(name.bare, corrections)) add(this.docs.exactKeys({ bare }), 'typo');
    return found;
  }

  /** No search terms: the (filtered) packages by rank, i.e. by monthly downloads. */
  private browse(request: SearchRequest, filter: string | undefined): SearchResult {
    const offset = (request.page - 1) * request.perPage;
    if (!filter) {
      const keys = this.docs.browse(request.perPage, offset);
      const page = keys.map((key) => ({ key, score: staticScore(key) }));
      return this.result(request, this.mirror.facets.documents, page, this.mirror.facets.countAll(FACET_TOP), true);
    }
    const total = this.fts.count(filter);
    const page = this.fts
      .keysTop(filter, offset + request.perPage)
      .slice(offset)
      .map((key) => ({ key, score: staticScore(key) }));
    const facetKeys = total <= FACET_SCOPE ? this.fts.keysAll(filter) : this.fts.keysTop(filter, FACET_SCOPE);
    return this.result(request, total, page, this.mirror.facets.count(facetKeys, FACET_TOP), total <= FACET_SCOPE);
  }

  private result(
    request: SearchRequest,
    total: number,
    page: { key: number; score: number }[],
    facets: SearchResult['facets'],
    facetsExact: boolean,
  ): SearchResult {
    const scores = new Map(page.map((p) => [p.key, p.score]));
    const hits = this.docs.byKeys(page.map((p) => p.key)).map(({ key, doc }) => toHit(doc, scores.get(key) ?? 0));
    return { total, page: request.page, perPage: request.perPage, hits, facets, facetsExact };
  }
}

const toHit = (doc: SearchDocument, score: number): SearchHit => ({
  name: doc.name,
  version: doc.version,
  description: doc.description,
  keywords: doc.keywords,
  categories: doc.categories,
  authors: doc.authors,
  downloads: doc.downloads,
  score: Math.round(score * 1000) / 1000,
  deprecated: doc.deprecated,
});
