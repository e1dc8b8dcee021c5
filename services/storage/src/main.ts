import { connect } from 'nats';
import { z } from 'zod';
import { commonConfigShape, loadConfig } from '@market/config';
import { openEventStore } from '@market/event-store';
import { openBlobStore } from '@market/blob-store';
import { exitOnSignalWhileStarting } from '@market/http';
import { startStorageService } from './storage-service.js';

// A stop request before the service serves exits at once, cleanly (see exitOnSignalWhileStarting).
exitOnSignalWhileStarting('storage');
const config = loadConfig({
  ...commonConfigShape,
  MARKET_DOWNLOADS_FLUSH_MS: z.coerce.number().int().min(100).default(60_000),
});
const store = await openEventStore(config.MARKET_EVENT_STORE_URL);
const nats = await connect({ servers: config.NATS_URL, name: 'storage' });
const blobs = await openBlobStore(config.MARKET_BLOB_STORE_URL);
await startStorageService({
  store,
  nats,
  blobs,
  dataDir: config.MARKET_DATA_DIR,
  port: config.STORAGE_PORT,
  consumerName: config.MARKET_INSTANCE_ID ? `storage-${config.MARKET_INSTANCE_ID}` : 'storage',
  rebuild: process.argv.includes('--rebuild'),
  downloadsFlushMs: config.MARKET_DOWNLOADS_FLUSH_MS,
  // bootstrapService closes the app on SIGTERM/SIGINT; the app's shutdown hook stops the consumer, then this.
  onStopped: async () => {
    await nats.drain();
    await store.close();
  },
});
