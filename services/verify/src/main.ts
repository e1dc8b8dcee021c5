import { connect } from 'nats';
import { openBlobStore } from '@market/blob-store';
import { commonConfigShape, loadConfig } from '@market/config';
import { openEventStore } from '@market/event-store';
import { exitOnSignalWhileStarting } from '@market/http';
import { startVerifyService } from './verify-service.js';

// A stop request before the service serves exits at once, cleanly (see exitOnSignalWhileStarting).
exitOnSignalWhileStarting('verify');
const config = loadConfig(commonConfigShape);
const instance = config.MARKET_INSTANCE_ID;
const store = await openEventStore(config.MARKET_EVENT_STORE_URL);
const nats = await connect({ servers: config.NATS_URL, name: instance ? `verify-${instance}` : 'verify' });
// bootstrapService closes the app on SIGTERM/SIGINT; the app's shutdown stops the consumer, then this.
await startVerifyService({
  store,
  nats,
  blobs: await openBlobStore(config.MARKET_BLOB_STORE_URL),
  dataDir: config.MARKET_DATA_DIR,
  port: config.VERIFY_PORT,
  consumerName: instance ? `verify-${instance}` : 'verify',
  rebuild: process.argv.includes('--rebuild'),
  onStopped: async () => {
    await nats.drain();
    await store.close();
  },
});
