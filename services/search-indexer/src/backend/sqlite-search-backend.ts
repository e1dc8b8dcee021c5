import type { NameSuggester } from '../search/name-suggester.js';
import type { SearchEngine } from '../search/search-engine.js';
import type { SearchRequest, Suggestion } from '../search/search-types.js';
import type { SearchBackend } from './search-backend.js';

/** The embedded adapter: the SQLite FTS5 engine and suggester, answering synchronously. */
export class SqliteSearchBackend implements SearchBackend {
  constructor(
    private readonly engine: SearchEngine,
    private readonly suggester: NameSuggester,
  ) {}

  search(request: SearchRequest): Promise<string> {
    return Promise.resolve(this.engine.searchJson(request));
  }

  suggest(q: string, limit: number): Promise<Suggestion[]> {
    return Promise.resolve(this.suggester.suggest(q, limit));
  }
}
