import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import type { EventStore } from '@market/event-store';
import { startConsumer } from '@market/bus';
import { SqliteReadModel } from '@market/read-model';
import { bootstrapService } from '@market/http';
import { createLogger } from '@market/observability';
import type { SearchBackend } from './backend/search-backend.js';
import { SqliteSearchBackend } from './backend/sqlite-search-backend.js';
import type { ElasticsearchConnection } from './elasticsearch/connect-elasticsearch.js';
import { SearchModule } from './http/search.module.js';
import { applySearchEvent, searchEventTypes, type SearchEvent } from './read-model/apply-search-event.js';
import { flushIndex } from './read-model/document-store.js';
import { searchMigrations } from './read-model/search-schema.js';
import { TransactionBatcher } from './read-model/transaction-batcher.js';
import { NameSuggester } from './search/name-suggester.js';
import { SearchEngine } from './search/search-engine.js';

export interface SearchIndexerDeps {
  store: EventStore;
  nats: NatsConnection;
  /** The read model lives in `<dataDir>/search-indexer/read-model.sqlite`. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Durable consumer name: `search-indexer`, or `search-indexer-<instance>` per replica. */
  consumerName?: string;
  /** Drop the read model and rebuild it from the event store before serving (and recreate the Elasticsearch index). */
  rebuild?: boolean;
  /**
   * The production profile (MARKET_SEARCH_URL): index into and search Elasticsearch. The SQLite
   * read model still applies the events; changed packages are written to the index after each
   * committed burst (src/elasticsearch/index-writer.ts). Unset: search the embedded FTS5 index.
   */
  elasticsearch?: { url: string; index?: string };
  /** Runs last when the service stops (SIGTERM/SIGINT or stop()): e.g. drain NATS, close the store. */
  onShutdown?: () => Promise<void>;
}

export const SERVICE_NAME = 'search-indexer';

export const PACKAGE_EVENTS = 'market.events.package.>';
/** Hand the event loop back to HTTP this often during a long catch-up. */
const YIELD_EVERY = 256;

/**
 * search-indexer: projects package events into the search read model (SQLite + FTS5) and serves
 * GET /v1/search and /v1/search/suggest from it, or from Elasticsearch when `deps.elasticsearch` is set.
 */
export const startSearchIndexerService = async (deps: SearchIndexerDeps) => {
  mkdirSync(join(deps.dataDir, 'search-indexer'), { recursive: true });
  const readModel = SqliteReadModel.open({
    path: join(deps.dataDir, 'search-indexer', 'read-model.sqlite'),
    name: SERVICE_NAME,
    migrations: searchMigrations,
  });
  // A small page cache: the file stays in the OS page cache, which costs a copy per page read but
  // no resident memory of ours. 64 MiB (the whole hot index at 100k packages) was ~50 MB of idle
  // RSS for no measurable query speed-up (see docs/adr, search query cost).
  readModel.db.pragma('cache_size = -8192');
  if (deps.rebuild) readModel.drop();

  let elasticsearch: ElasticsearchConnection | undefined;
  if (deps.elasticsearch) {
    const logger = createLogger(SERVICE_NAME);
    try {
      // Loaded lazily: the embedded profile never loads the Elasticsearch client.
      const { connectElasticsearch } = await import('./elasticsearch/connect-elasticsearch.js');
      elasticsearch = await connectElasticsearch({
        ...deps.elasticsearch,
        db: readModel.db,
        position: () => readModel.lastPosition(),
        recreate: deps.rebuild ?? false,
        onError: (error) =>
          logger.warn('search index write failed; retrying', { error: String(error), index: elasticsearch?.index }),
      });
    } catch (error) {
      readModel.close();
      throw error;
    }
  }
  const writer = elasticsearch?.writer;

  // Deferred FTS writes reach the index before each burst commits (and before each query); the
  // Elasticsearch writer (if any) is told once the burst is committed.
  const batcher = new TransactionBatcher(readModel.db, {
    beforeCommit: () => flushIndex(readModel.db),
    ...(writer ? { afterCommit: () => writer.schedule() } : {}),
  });
  let handled = 0;
  const consumer = await startConsumer({
    name: deps.consumerName ?? SERVICE_NAME,
    nats: deps.nats,
    store: deps.store,
    startAfter: readModel.lastPosition(),
    filterSubject: PACKAGE_EVENTS,
    eventTypes: searchEventTypes,
    handle: async (event: SearchEvent) => {
      batcher.run(() => readModel.apply(event.position, (db) => applySearchEvent(db, event)));
      if (++handled % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    onParked: (parked) => {
      // Past the parked event, or the next start would try (and park) it again.
      batcher.run(() => readModel.apply(parked.position, () => undefined));
    },
  }).catch(async (error: unknown) => {
    await elasticsearch?.close();
    readModel.close();
    throw error;
  });
  // Marks left by a crash before their write, or every document of a newly created index.
  writer?.schedule();

  let stopped = false;
  const shutdown = async () => {
    if (stopped) return;
    stopped = true;
    await consumer.stop();
    batcher.commit();
    await elasticsearch?.close();
    readModel.close();
    await deps.onShutdown?.();
  };
  try {
    // The FTS5 engine (its in-memory vocabulary and facets) only when it is the one answering.
    let engine: SearchEngine | undefined;
    let backend: SearchBackend;
    if (elasticsearch) backend = elasticsearch.backend;
    else {
      engine = new SearchEngine(readModel.db, () => readModel.lastPosition());
      backend = new SqliteSearchBackend(engine, new NameSuggester(readModel.db));
    }
    const app = await bootstrapService({
      name: SERVICE_NAME,
      module: SearchModule.forRoot({ backend, onShutdown: shutdown }),
      port: deps.port,
      ...(deps.host ? { host: deps.host } : {}),
      // Quiet after queries or events: SQLite's page cache goes back too, not just V8's garbage.
      onIdle: () => {
        if (readModel.db.open) readModel.db.pragma('shrink_memory');
      },
    });
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    /** Stops serving, then the projection (committing what it applied), closes the read model, runs deps.onShutdown. */
    const stop = () => app.close();
    return { app, url, readModel, projection: consumer, engine, backend, elasticsearch, stop };
  } catch (error) {
    await shutdown().catch(() => undefined);
    throw error;
  }
};

export type SearchIndexerService = Awaited<ReturnType<typeof startSearchIndexerService>>;
