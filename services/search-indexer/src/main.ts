import { connect } from 'nats';
import { loadConfig } from '@market/config';
import { openEventStore } from '@market/event-store';
import { exitOnSignalWhileStarting } from '@market/http';
import { SERVICE_NAME, startSearchIndexerService } from './search-indexer-service.js';
import { searchIndexerConfigShape } from './search-indexer-config.js';

// The search-indexer CLI: configuration from the environment, `--rebuild` to re-project from history
// (and, with MARKET_SEARCH_URL, to recreate the Elasticsearch index).
// A stop request before the service serves exits at once, cleanly (see exitOnSignalWhileStarting).
exitOnSignalWhileStarting('search-indexer');
const config = loadConfig(searchIndexerConfigShape);
const store = await openEventStore(config.MARKET_EVENT_STORE_URL);
const nats = await connect({ servers: config.NATS_URL, name: SERVICE_NAME });

// SIGTERM/SIGINT are handled by bootstrapService: app.close() runs the service's shutdown.
await startSearchIndexerService({
  store,
  nats,
  dataDir: config.MARKET_DATA_DIR,
  port: config.SEARCH_PORT,
  consumerName: config.MARKET_INSTANCE_ID ? `${SERVICE_NAME}-${config.MARKET_INSTANCE_ID}` : SERVICE_NAME,
  rebuild: process.argv.includes('--rebuild'),
  ...(config.MARKET_SEARCH_URL ? { elasticsearch: { url: config.MARKET_SEARCH_URL } } : {}),
  onShutdown: async () => {
    await nats.drain();
    await store.close();
  },
});
