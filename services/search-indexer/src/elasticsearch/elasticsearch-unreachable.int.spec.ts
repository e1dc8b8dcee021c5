import { createServer } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, waitUntil } from '@market/testing';
import { SearchUnavailableError } from '../backend/search-backend.js';
import { enableSearchSync } from '../read-model/search-sync.js';
import { publishEvents } from '../testing/package-events.js';
import { openProjectionHarness, type ProjectionHarness } from '../testing/projection-harness.js';
import { connectElasticsearch } from './connect-elasticsearch.js';
import { ElasticsearchBackend } from './elasticsearch-backend.js';
import { ElasticsearchIndexWriter } from './index-writer.js';

/** A port nothing listens on: the real client against an Elasticsearch that is down. */
const closedPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const dir = tempDir('elasticsearch-unreachable');
afterAll(() => dir.remove());

describe('Elasticsearch unreachable (the real client, no server)', () => {
  let url: string;
  let client: Client;
  let h: ProjectionHarness;
  beforeAll(async () => {
    url = `http://127.0.0.1:${await closedPort()}`;
    client = new Client({ node: url, maxRetries: 0, requestTimeout: 2_000 });
  });
  afterAll(() => client.close());
  afterEach(() => h?.close());

  it('the writer keeps the marks, reports the failure and retries; close stops it', async () => {
    h = openProjectionHarness(dir.path);
    enableSearchSync(h.db);
    h.apply(...publishEvents({ name: 'acme/widgets', version: '1.0.0' }));
    const errors: unknown[] = [];
    const writer = new ElasticsearchIndexWriter({
      client,
      index: 'market-packages',
      db: h.db,
      position: () => h.position(),
      onError: (error) => errors.push(error),
    });
    expect(writer.pending()).toBe(1);
    writer.schedule();
    writer.schedule(); // while one is in flight: folded into it
    await waitUntil(() => errors.length >= 2, { timeoutMs: 10_000, message: 'a failure and its retry' });
    expect(String(errors[0])).toMatch(/ConnectionError|ECONNREFUSED/);
    expect(writer.pending()).toBe(1);
    await writer.close();
    const after = errors.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(errors.length).toBe(after);
    await expect(writer.flush()).rejects.toThrow(/ConnectionError|ECONNREFUSED/);
    expect(writer.pending()).toBe(1);
  });

  it('searches and suggestions fail with SearchUnavailableError (the controller answers 503)', async () => {
    const backend = new ElasticsearchBackend(client, 'market-packages');
    await expect(backend.search({ q: 'widgets', filters: {}, page: 1, perPage: 20 })).rejects.toBeInstanceOf(
      SearchUnavailableError,
    );
    await expect(backend.suggest('wid', 5)).rejects.toBeInstanceOf(SearchUnavailableError);
    // Nothing typed: no request at all, so no failure either.
    await expect(backend.suggest('', 5)).resolves.toEqual([]);
  });

  it('connecting fails at start (the index cannot be checked), so the service does not start half-configured', async () => {
    h = openProjectionHarness(dir.path);
    await expect(connectElasticsearch({ url, db: h.db, position: () => h.position() })).rejects.toThrow(
      /ConnectionError|ECONNREFUSED/,
    );
  });
});
