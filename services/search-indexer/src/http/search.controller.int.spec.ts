import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapService } from '@market/http';
import { createLogger } from '@market/observability';
import { type SearchBackend, SearchUnavailableError } from '../backend/search-backend.js';
import type { SearchRequest } from '../search/search-types.js';
import { SearchModule } from './search.module.js';

/**
 * The controller over a real Fastify server, with a backend that records what it was asked and can
 * be made unavailable (as ElasticsearchBackend is when Elasticsearch cannot be reached).
 */
describe('SearchController (real HTTP)', () => {
  let app: NestFastifyApplication;
  let url: string;
  const asked: SearchRequest[] = [];
  let down = false;
  const backend: SearchBackend = {
    search: (request) => {
      asked.push(request);
      if (down) return Promise.reject(new SearchUnavailableError('Elasticsearch search failed: connect ECONNREFUSED'));
      return Promise.resolve('{"total":0,"served":"as is"}');
    },
    suggest: (q, limit) =>
      down
        ? Promise.reject(new SearchUnavailableError('down'))
        : Promise.resolve([
            { name: `acme/${q}`, version: String(limit), description: '', downloads: 0, deprecated: false },
          ]),
  };

  beforeAll(async () => {
    app = await bootstrapService({
      name: 'search-indexer',
      module: SearchModule.forRoot({ backend, onShutdown: () => Promise.resolve() }),
      port: 0,
      logger: createLogger('search-indexer', { level: 'silent' }),
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app?.close());

  it('hands the parsed request to the backend and sends its JSON body as is', async () => {
    down = false;
    const response = await fetch(`${url}/v1/search?q=widgets&keyword=ui&keyword=forms&page=2&perPage=5`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe('{"total":0,"served":"as is"}');
    expect(asked.at(-1)).toEqual({ q: 'widgets', page: 2, perPage: 5, filters: { keyword: ['ui', 'forms'] } });
    const suggest = await fetch(`${url}/v1/search/suggest?q=wid&limit=3`);
    expect(await suggest.json()).toEqual({
      suggestions: [{ name: 'acme/wid', version: '3', description: '', downloads: 0, deprecated: false }],
    });
  });

  it('answers 503 search_unavailable when the backend cannot answer, and stays up', async () => {
    down = true;
    const response = await fetch(`${url}/v1/search?q=widgets`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'search_unavailable' });
    expect((await fetch(`${url}/v1/search/suggest?q=wid`)).status).toBe(503);
    down = false;
    expect((await fetch(`${url}/v1/search?q=widgets`)).status).toBe(200);
  });

  it('refuses invalid parameters with 400 before asking the backend', async () => {
    const before = asked.length;
    const response = await fetch(`${url}/v1/search?q=x&perPage=1000`);
    expect(response.status).toBe(400);
    expect(asked.length).toBe(before);
  });
});
