import type { Database } from 'better-sqlite3';
import { type FacetKind, normalizeFacetValue } from '../domain/facets.js';
import { type NameMatch, blendScore, staticScore } from '../domain/ranking.js';
import { flushIndex } from '../read-model/document-store.js';
import { type ParsedQuery, parseQuery } from '../query/parse-query.js';
import { NEAR_NAME_MIN_LENGTH, nearNames } from '../typo/near-names.js';
import { DocumentLookup } from './document-lookup.js';
import { FtsQueries } from './fts-queries.js';
import { IndexMirror } from './index-mirror.js';
import {
  type Filters,
  NAME_COLUMN,
  type TermPlan,
  allOf,
  filterExpression,
  textExpression,
} from './match-expression.js';
import { correctedNames, planTerms } from './plan-terms.js';
import { ResultCache } from './result-cache.js';
import type { SearchRequest, SearchResult } from './search-types.js';
import { toSearchHit } from './search-hit.js';

/** Up to this many matches, every match is scored: the ranking is exact. */
export const RANK_ALL_LIMIT = 400;
/** Beyond it, candidates are the most popular matches overall plus the most popular name matches. */
export const CANDIDATES_PER_TIER = 100;
/**
 * Matches are counted up to this many (as Elasticsearch's track_total_hits): beyond it `total`
 * says this many and `totalExact` is false (pages go on to MAX_RESULT_WINDOW). Counting the
 * 50,000 matches of a common word cost milliseconds on every query.
 */
export const COUNT_LIMIT = 1_000;
/** Facets are counted over all matches up to this many, else over the most popular this many. */
export const FACET_SCOPE = COUNT_LIMIT;
/** Pages end here (as Elasticsearch's max_result_window): deeper, refine the query. */
export const MAX_RESULT_WINDOW = 10_000;
export const FACET_TOP = 20;
/** Rows a reduced scoring expression may scan to score a candidate set before the full expression is used instead. */
const SCORE_RANGE_LIMIT = 2_000;

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
  private readonly cache = new ResultCache<string>();

  /** `version`: the read model's position; answers are cached while it stays the same. */
  constructor(
    private readonly db: Database,
    private readonly version?: () => bigint,
  ) {
    flushIndex(db);
    this.fts = new FtsQueries(db);
    this.docs = new DocumentLookup(db);
    this.mirror = new IndexMirror(db);
  }

  search(request: SearchRequest): SearchResult {
    return JSON.parse(this.searchJson(request)) as SearchResult;
  }

  /**
   * The answer as the JSON body GET /v1/search sends. Cached serialized: a cache hit costs no
   * serialization, and a 3 KB string weighs a fraction of the object graph it stands for.
   */
  searchJson(request: SearchRequest): string {
    if (!this.version) return JSON.stringify(this.compute(request));
    const version = this.version();
    const key = JSON.stringify([request.q, request.filters, request.page, request.perPage]);
    const cached = this.cache.get(key, version);
    if (cached !== undefined) return cached;
    const body = JSON.stringify(this.compute(request));
    this.cache.set(key, version, body);
    return body;
  }

  private compute(request: SearchRequest): SearchResult {
    flushIndex(this.db);
    this.mirror.refresh();
    const query = parseQuery(request.q);
    const filter = filterExpression(request.filters);
    if (query.terms.length === 0) return this.browse(request, filter);

    const context = {
      vocabulary: this.mirror.vocabulary,
      prefixDocs: (prefix: string, cap: number) =>
        this.fts.countUpTo(textExpression([{ alternatives: [prefix], prefix: true }])!, cap),
      isPackageName: (word: string) => this.docs.exactKeys({ bare: word }).size > 0,
    };
    let plan = planTerms(query, context);
    let match = allOf(textExpression(plan.terms), filter)!;
    // One rowid-ordered scan gives the (capped) count, the candidates and the facet scope.
    let keys = this.fts.keysTop(match, COUNT_LIMIT + 1);
    if (keys.length === 0) {
      // Nothing: perhaps a word that exists was someone else's typo.
      const retry = planTerms(query, context, true);
      if (retry.corrections.size > 0) {
        plan = retry;
        match = allOf(textExpression(plan.terms), filter)!;
        keys = this.fts.keysTop(match, COUNT_LIMIT + 1);
      }
    }
    const nameMatches = this.nameMatches(query.name, plan.corrections, request.filters);
    // A package a whole-name typo away (`gitdate-extractor`) may not match the words: it joins the matches.
    const matched = nameMatches.size === 0 ? undefined : new Set(keys);
    const named = matched ? [...nameMatches.keys()].filter((key) => !matched.has(key)) : [];
    const total = keys.length + named.length;
    if (total === 0) return this.result(request, 0, [], this.mirror.facets.count([], FACET_TOP), true);

    const relevance = new Map<number, number>();
    const complete = total <= RANK_ALL_LIMIT;
    const scoring = this.scoringExpression(plan.terms, request.filters);
    if (complete) {
      const scored = scoring && this.scoreKeys(scoring.match, keys);
      for (const [key, rel] of scored ?? this.fts.scoredAll(match)) relevance.set(key, rel);
    } else {
      const top = scoring && this.scoreKeys(scoring.match, keys.slice(0, CANDIDATES_PER_TIER));
      for (const [key, rel] of top ?? this.fts.scoredTop(match, CANDIDATES_PER_TIER)) relevance.set(key, rel);
      const names = allOf(textExpression(plan.terms, NAME_COLUMN), filter)!;
      const nameScoring = scoring && this.scoringExpression(plan.terms, request.filters, NAME_COLUMN);
      const byName = nameScoring && this.scoreKeys(nameScoring.match, this.fts.keysTop(names, CANDIDATES_PER_TIER));
      for (const [key, rel] of byName ?? this.fts.scoredTop(names, CANDIDATES_PER_TIER))
        relevance.set(key, Math.max(rel, relevance.get(key) ?? rel));
    }
    // A named package is as relevant as a match gets (the terms are its name's words, or a typo
    // away from them): all of them score the best relevance seen, so among several packages of
    // that name (npm/semver, types/semver) popularity decides, whatever else their text holds.
    const best = Math.max(0, ...relevance.values());
    for (const key of nameMatches.keys()) relevance.set(key, best);
    const ranked = [...relevance]
      .map(([key, rel]) => ({ key, score: blendScore(rel, key, nameMatches.get(key)) }))
      .sort((a, b) => b.score - a.score || b.key - a.key);

    const offset = (request.page - 1) * request.perPage;
    const page = ranked.slice(offset, offset + request.perPage);
    if (page.length < request.perPage && !complete) {
      // Past the scored candidates, the remaining matches follow in rank (popularity) order.
      const upTo = offset + request.perPage;
      const rest = (upTo <= keys.length ? keys : this.fts.keysTop(match, upTo)).filter((key) => !relevance.has(key));
      const from = Math.max(0, offset - ranked.length);
      for (const key of rest.slice(from, from + request.perPage - page.length))
        page.push({ key, score: staticScore(key) });
    }
    return this.result(
      request,
      total,
      page,
      this.mirror.facets.count([...named, ...keys].slice(0, FACET_SCOPE), FACET_TOP),
      total <= FACET_SCOPE,
    );
  }

  /**
   * The expression that decides relevance, when part of the query's does not: bm25 weighs filter
   * tokens 0 and clamps the IDF of a word in over half the documents to 1e-6, yet FTS5 reads the
   * whole doclist of every phrase to compute its IDF on each query (milliseconds for `npm`, the
   * `npm maintainers` author, a prefix of it such as `mai`, or the utilities category). Such common terms and filters are left
   * out; selective filters stay (they cost little and keep the rows scanned few). Undefined when
   * nothing is left out; `{ match: undefined }` when no term is left to score (relevance 0).
   */
  private scoringExpression(
    terms: readonly TermPlan[],
    filters: Filters,
    columns?: string,
  ): { match: string | undefined } | undefined {
    const common = this.mirror.facets.documents / 2;
    const { vocabulary } = this.mirror;
    const kept = terms.filter((t) => {
      if (t.alternatives.length > 1) return true;
      const term = t.alternatives[0]!;
      // A prefix one of whose words is common (`mai`: maintainers) is common as a whole; its IDF
      // is known only over all text columns, so the name-only expression keeps it.
      if (t.prefix) return columns !== undefined || !vocabulary.startsWordInMoreThan(term, common);
      return vocabulary.documents(term) <= common;
    });
    const selective: Filters = {};
    let dropped = terms.length - kept.length;
    for (const [kind, values] of Object.entries(filters) as [FacetKind, readonly string[]][]) {
      const few = (values ?? []).filter(
        (v) => this.mirror.facets.documentsWith(kind, normalizeFacetValue(kind, v)) <= common,
      );
      dropped += (values ?? []).length - few.length;
      if (few.length > 0) selective[kind] = few;
    }
    if (dropped === 0) return undefined;
    const text = textExpression(kept, columns);
    return { match: text && allOf(text, filterExpression(selective)) };
  }

  /**
   * The relevance of `keys` (matches of the full expression) under `scoring` (the same expression
   * without its filter and near-zero-IDF terms, so the same bm25 to 1e-5): one rowid-range scan.
   * Undefined when the range holds too many other matches of `scoring` (then score the full expression).
   */
  private scoreKeys(scoring: string | undefined, keys: number[]): [number, number][] | undefined {
    if (keys.length === 0) return [];
    if (scoring === undefined) return keys.map((key) => [key, 0]);
    const wanted = new Set(keys);
    const low = Math.min(...keys);
    const high = Math.max(...keys);
    const rows = this.fts.scoredRange(scoring, low, high, SCORE_RANGE_LIMIT);
    const scored = rows.filter(([key]) => wanted.has(key));
    return scored.length === wanted.size ? scored : undefined;
  }

  /** Documents the query names (exactly, or once its typos are corrected) that pass the filters. */
  private nameMatches(
    name: ParsedQuery['name'],
    corrections: ReadonlyMap<string, readonly string[]>,
    filters: Filters,
  ): Map<number, NameMatch> {
    const required = Object.entries(filters).flatMap(([kind, values]) =>
      (values ?? []).map((value) => ({
        kind: kind as FacetKind,
        value: normalizeFacetValue(kind as FacetKind, value),
      })),
    );
    const found = new Map<number, NameMatch>();
    const add = (keys: Iterable<number>, match: NameMatch) => {
      for (const key of keys) if (!found.has(key) && this.mirror.facets.hasAll(key, required)) found.set(key, match);
    };
    const exact = this.docs.exactKeys(name);
    add(exact, 'exact');
    for (const full of correctedNames(name.full, corrections)) add(this.docs.exactKeys({ full }), 'typo');
    for (const bare of correctedNames(name.bare, corrections)) add(this.docs.exactKeys({ bare }), 'typo');
    // Even when corrected words name a package: that one may be two edits away (tsg-ems: tsc-esm, not ts-gems).
    if (exact.size === 0) add(this.nearNameKeys(name), 'typo');
    return found;
  }

  /**
   * Packages whose name is one edit from the query's (`ns/name` within that namespace, or a bare
   * name in any), unless what was typed starts some name: then it is a name being typed, and its
   * prefix matches are what the user is after (`expre` → express, not expres).
   */
  private nearNameKeys(name: ParsedQuery['name']): number[] {
    const slash = name.full?.indexOf('/') ?? -1;
    const bare = name.full ? name.full.slice(slash + 1) : name.bare;
    if (!bare || bare.length < NEAR_NAME_MIN_LENGTH || this.docs.startsSomeName(name)) return [];
    const namespace = name.full?.slice(0, slash + 1);
    // The filter rules out ~99% of the variants that are no name; the index confirms the rest.
    const isName = (candidate: string) => this.mirror.names.mightHave(candidate) && this.docs.hasBareName(candidate);
    return nearNames(bare, isName).flatMap((near) => [
      ...this.docs.exactKeys(namespace === undefined ? { bare: near } : { full: namespace + near }),
    ]);
  }

  /** No search terms: the (filtered) packages by rank, i.e. by monthly downloads. */
  private browse(request: SearchRequest, filter: string | undefined): SearchResult {
    const offset = (request.page - 1) * request.perPage;
    if (!filter) {
      const keys = this.docs.browse(request.perPage, offset);
      const page = keys.map((key) => ({ key, score: staticScore(key) }));
      return this.result(
        request,
        this.mirror.facets.documents,
        page,
        this.mirror.facets.countAll(FACET_TOP),
        true,
        true,
      );
    }
    const keys = this.fts.keysTop(filter, Math.max(COUNT_LIMIT + 1, offset + request.perPage));
    const page = keys.slice(offset, offset + request.perPage).map((key) => ({ key, score: staticScore(key) }));
    const facetKeys = keys.slice(0, FACET_SCOPE);
    const total = keys.length;
    return this.result(request, total, page, this.mirror.facets.count(facetKeys, FACET_TOP), total <= FACET_SCOPE);
  }

  private result(
    request: SearchRequest,
    total: number,
    page: { key: number; score: number }[],
    facets: SearchResult['facets'],
    facetsExact: boolean,
    exactTotal = false,
  ): SearchResult {
    const scores = new Map(page.map((p) => [p.key, p.score]));
    const hits = this.docs.byKeys(page.map((p) => p.key)).map(({ key, doc }) => toSearchHit(doc, scores.get(key) ?? 0));
    // A count of up to COUNT_LIMIT + 1 reads as "more than COUNT_LIMIT"; the unfiltered browse counts exactly.
    const totalExact = total <= COUNT_LIMIT || exactTotal;
    return {
      total: totalExact ? total : COUNT_LIMIT,
      totalExact,
      page: request.page,
      perPage: request.perPage,
      hits,
      facets,
      facetsExact,
    };
  }
}
