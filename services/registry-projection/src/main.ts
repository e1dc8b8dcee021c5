import { commonConfigShape, loadConfig } from '@market/config';
import { openEventStore } from '@market/event-store';
import { exitOnSignalWhileStarting } from '@market/http';
import { connect } from 'nats';
import { startRegistryService } from './registry-service.js';

// The registry CLI: configuration from the environment, `--rebuild` to re-project from history.
// A stop request before the service serves exits at once, cleanly (see exitOnSignalWhileStarting).
exitOnSignalWhileStarting('registry-projection');
const config = loadConfig(commonConfigShape);
const store = await openEventStore(config.MARKET_EVENT_STORE_URL);
const nats = await connect({ servers: config.NATS_URL, name: 'registry-projection' });

await startRegistryService({
  store,
  nats,
  dataDir: config.MARKET_DATA_DIR,
  port: config.REGISTRY_PORT,
  rebuild: process.argv.includes('--rebuild'),
  ...(config.MARKET_INSTANCE_ID ? { instanceId: config.MARKET_INSTANCE_ID } : {}),
  onShutdown: async () => {
    await nats.drain();
    await store.close();
  },
});
