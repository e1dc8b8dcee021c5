import type { Client } from '@elastic/elasticsearch';
import { type SearchBackend, SearchUnavailableError } from '../backend/search-backend.js';
import type { SearchRequest, Suggestion } from '../search/search-types.js';
import { buildSearchQuery } from './build-search-query.js';
import { buildSuggestQuery } from './build-suggest-query.js';
import { mapSearchResponse, mapSuggestResponse, UnexpectedSearchResponseError } from './map-search-response.js';

/**
 * The production adapter of the search port: each request is one Elasticsearch search built by a
 * pure function and read back by another. The index is written by ElasticsearchIndexWriter from
 * the SQLite read model, so answers lag the projection by the writer's bulk round trip plus the
 * index's refresh interval (1 s by default).
 */
export class ElasticsearchBackend implements SearchBackend {
  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  async search(request: SearchRequest): Promise<string> {
    const response = await this.send(() => this.client.search(buildSearchQuery(this.index, request)));
    return JSON.stringify(mapSearchResponse(request, response));
  }

  async suggest(q: string, limit: number): Promise<Suggestion[]> {
    const query = buildSuggestQuery(this.index, q, limit);
    if (query === undefined) return [];
    return mapSuggestResponse(await this.send(() => this.client.search(query)));
  }

  private async send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof UnexpectedSearchResponseError) throw error;
      throw new SearchUnavailableError(`Elasticsearch search failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
