import { ContentCache } from './cache/content-cache.js';
import { defaultCacheDir } from './cache/default-cache-dir.js';
import { MarketError } from './errors/market-error.js';
import { HttpTransport } from './http/http-transport.js';
import type { ClientSettings, MarketplaceClient } from './marketplace-client.js';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:7100';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 8;

/**
 * `MarketplaceClient.builder().baseUrl(url).timeout(ms).build()`. Defaults: `MARKET_URL` or
 * http://127.0.0.1:7100, 30 s, `MARKET_CACHE_DIR` or ~/.cache/market, 8 parallel downloads.
 */
export class MarketplaceClientBuilder {
  private url = process.env.MARKET_URL || DEFAULT_BASE_URL;
  private timeoutMs = DEFAULT_TIMEOUT_MS;
  private cacheRoot: string | undefined;
  private parallel = DEFAULT_CONCURRENCY;
  private agent = 'market-client/0.1';
  private fetchImpl: typeof fetch = globalThis.fetch;

  constructor(private readonly create: (settings: ClientSettings) => MarketplaceClient) {}

  baseUrl(url: string): this {
    this.url = url;
    return this;
  }

  timeout(ms: number): this {
    this.timeoutMs = ms;
    return this;
  }

  cacheDir(dir: string): this {
    this.cacheRoot = dir;
    return this;
  }

  concurrency(n: number): this {
    this.parallel = n;
    return this;
  }

  userAgent(agent: string): this {
    this.agent = agent;
    return this;
  }

  /** Another fetch (a proxy-aware one, say). */
  fetch(impl: typeof fetch): this {
    this.fetchImpl = impl;
    return this;
  }

  build(): MarketplaceClient {
    let parsed: URL;
    try {
      parsed = new URL(this.url);
    } catch {
      throw new MarketError('invalid_argument', 0, `base URL "${this.url}" is not a URL (e.g. http://127.0.0.1:7100)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new MarketError('invalid_argument', 0, `base URL must be http(s), got ${parsed.protocol}`);
    }
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0)
      throw new MarketError('invalid_argument', 0, 'timeout must be a positive number of milliseconds');
    if (!Number.isInteger(this.parallel) || this.parallel < 1 || this.parallel > 64) {
      throw new MarketError('invalid_argument', 0, 'concurrency must be an integer from 1 to 64');
    }
    return this.create({
      transport: new HttpTransport({
        baseUrl: this.url.replace(/\/+$/, ''),
        timeoutMs: this.timeoutMs,
        userAgent: this.agent,
        fetch: this.fetchImpl,
      }),
      cache: new ContentCache(this.cacheRoot ?? defaultCacheDir()),
      concurrency: this.parallel,
    });
  }
}
