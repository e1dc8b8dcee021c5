import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@market/config';
import { searchIndexerConfigShape } from './search-indexer-config.js';

const load = (env: Record<string, string>) => loadConfig(searchIndexerConfigShape, { env, exit: false });

describe('search-indexer config: MARKET_SEARCH_URL', () => {
  it('is optional: unset or empty means the embedded search', () => {
    expect(load({}).MARKET_SEARCH_URL).toBeUndefined();
    expect(load({ MARKET_SEARCH_URL: '  ' }).MARKET_SEARCH_URL).toBeUndefined();
  });

  it('takes an http(s) URL, credentials included', () => {
    expect(load({ MARKET_SEARCH_URL: 'http://elasticsearch:9200' }).MARKET_SEARCH_URL).toBe(
      'http://elasticsearch:9200',
    );
    expect(load({ MARKET_SEARCH_URL: 'https://u:p@es.example:443' }).MARKET_SEARCH_URL).toBe(
      'https://u:p@es.example:443',
    );
  });

  it.each(['elasticsearch:9200', 'es://host:9200', 'http:', 'http://', 'http://exa mple:9200'])(
    'refuses %j, naming the variable',
    (value) => {
      let error: unknown;
      try {
        load({ MARKET_SEARCH_URL: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['MARKET_SEARCH_URL']);
      expect((error as ConfigError).message).toMatch(/^invalid configuration:\nMARKET_SEARCH_URL: expected .*http/);
    },
  );
});
