import type { SearchRequest, Suggestion } from '../search/search-types.js';

/**
 * What GET /v1/search and /v1/search/suggest need from a search engine: the port the HTTP
 * controller depends on. Adapters: the embedded SQLite FTS5 read model (SqliteSearchBackend) and
 * Elasticsearch (src/elasticsearch, chosen by MARKET_SEARCH_URL). Both answer with the same shapes
 * (src/search/search-types.ts) and share the behaviour src/testing/search-backend-contract.ts checks.
 */
export interface SearchBackend {
  /** The `SearchResult` for the request, serialized as the JSON body the controller sends as is. */
  search(request: SearchRequest): Promise<string>;
  /** Name completions, exact name first, then by downloads; at most `limit`. */
  suggest(q: string, limit: number): Promise<Suggestion[]>;
}

/** The search engine could not answer (e.g. Elasticsearch unreachable): the controller answers 503. */
export class SearchUnavailableError extends Error {
  readonly type = 'search_unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchUnavailableError';
  }
}
