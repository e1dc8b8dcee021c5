import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import type { DecodedEvent } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import { startConsumer } from '@market/bus';
import { SqliteReadModel } from '@market/read-model';
import { bootstrapService } from '@market/http';
import { SqliteSearchBackend } from './backend/sqlite-search-backend.js';
import { SearchModule } from './http/search.module.js';
import { applySearchEvent } from './read-model/apply-search-event.js';
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
  /** Drop the read model and rebuild it from the event store before serving. */
  rebuild?: boolean;
  /** Runs last when the service stops (SIGTERM/SIGINT or stop()): e.g. drain NATS, close the store. */
  onShutdown?: () => Promise<void>;
}

export const SERVICE_NAME = 'search-indexer';

export const PACKAGE_EVENTS = 'market.events.package.>';
/** Hand the event loop back to HTTP this often during a long catch-up. */
const YIELD_EVERY = 256;

/**
 * search-indexer: projects package events into the search read model (SQLite + FTS5) and serves
 * GET /v1/search and /v1/search/suggest from it.
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

  // Deferred FTS writes reach the index before each burst commits (and before each query).
  const batcher = new TransactionBatcher(readModel.db, { beforeCommit: () => flushIndex(readModel.db) });
  let handled = 0;
  const consumer = await startConsumer({
    name: deps.consumerName ?? SERVICE_NAME,
    nats: deps.nats,
    store: deps.store,
    startAfter: readModel.lastPosition(),
    filterSubject: PACKAGE_EVENTS,
    handle: async (event: DecodedEvent) => {
      batcher.run(() => readModel.apply(event.position, (db) => applySearchEvent(db, event)));
      if (++handled % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    onParked: (parked) => {
      // Past the parked event, or the next start would try (and park) it again.
      batcher.run(() => readModel.apply(parked.position, () => undefined));
    },
  }).catch((error: unknown) => {
    readModel.close();
    throw error;
  });

  let stopped = false;
  const shutdown = async () => {
    if (stopped) return;
    stopped = true;
    await consumer.stop();
    batcher.commit();
    readModel.close();
    await deps.onShutdown?.();
  };
  try {
    const engine = new SearchEngine(readModel.db, () => readModel.lastPosition());
    const backend = new SqliteSearchBackend(engine, new NameSuggester(readModel.db));
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
    return { app, url, readModel, projection: consumer, engine, backend, stop };
  } catch (error) {
    await shutdown().catch(() => undefined);
    throw error;
  }
};

export type SearchIndexerService = Awaited<ReturnType<typeof startSearchIndexerService>>;
