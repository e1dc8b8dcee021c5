import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import type { NameSuggester } from '../search/name-suggester.js';
import type { SearchEngine } from '../search/search-engine.js';
import type { Suggestion } from '../search/search-types.js';
import { parseSearchParams, parseSuggestParams } from './search-params.js';
import { NAME_SUGGESTER, SEARCH_ENGINE } from './tokens.js';

/** GET /v1/search and /v1/search/suggest (docs/http-api.md). */
@Controller('v1/search')
export class SearchController {
  constructor(
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    @Inject(NAME_SUGGESTER) private readonly suggester: NameSuggester,
  ) {}

  /** The body comes serialized from the engine (and its cache): SearchResult as JSON. */
  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  search(@Query() query: unknown): string {
    return this.engine.searchJson(parseSearchParams(query));
  }

  @Get('suggest')
  suggest(@Query() query: unknown): { suggestions: Suggestion[] } {
    const { q, limit } = parseSuggestParams(query);
    return { suggestions: this.suggester.suggest(q, limit) };
  }
}
