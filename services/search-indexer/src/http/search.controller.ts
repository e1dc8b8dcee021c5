import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ProblemError } from '@market/http';
import { type SearchBackend, SearchUnavailableError } from '../backend/search-backend.js';
import type { Suggestion } from '../search/search-types.js';
import { parseSearchParams, parseSuggestParams } from './search-params.js';
import { SEARCH_BACKEND } from './tokens.js';

/** GET /v1/search and /v1/search/suggest (docs/http-api.md), from whichever backend the profile chose. */
@Controller('v1/search')
export class SearchController {
  constructor(@Inject(SEARCH_BACKEND) private readonly backend: SearchBackend) {}

  /** The body comes serialized from the backend (and the SQLite engine's cache): SearchResult as JSON. */
  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  async search(@Query() query: unknown): Promise<string> {
    const request = parseSearchParams(query);
    return unavailableAs503(() => this.backend.search(request));
  }

  @Get('suggest')
  async suggest(@Query() query: unknown): Promise<{ suggestions: Suggestion[] }> {
    const { q, limit } = parseSuggestParams(query);
    return { suggestions: await unavailableAs503(() => this.backend.suggest(q, limit)) };
  }
}

const unavailableAs503 = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SearchUnavailableError) throw new ProblemError(503, 'search_unavailable', error.message);
    throw error;
  }
};
