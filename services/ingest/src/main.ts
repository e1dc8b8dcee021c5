import { join } from 'node:path';
import { connect } from 'nats';
import { openBlobStore } from '@market/blob-store';
import { commonConfigShape, envPositiveInt, loadConfig } from '@market/config';
import { openEventStore } from '@market/event-store';
import { createLogger } from '@market/observability';
import { exitOnSignalWhileStarting } from '@market/http';
import { startIngestService } from './ingest-service.js';
import { openIngestReadModel } from './read-model/open-ingest-read-model.js';

// A stop request before the service serves exits at once, cleanly (see exitOnSignalWhileStarting).
exitOnSignalWhileStarting('ingest');
const config = loadConfig({
  ...commonConfigShape,
  MARKET_MAX_PACK_BYTES: envPositiveInt('the largest accepted archive in bytes', 100 * 1024 * 1024),
});
const logger = createLogger('ingest');

const store = await openEventStore(config.MARKET_EVENT_STORE_URL);
const nats = await connect({ servers: config.NATS_URL, name: 'ingest' });
const blobs = await openBlobStore(config.MARKET_BLOB_STORE_URL);
const readModel = openIngestReadModel(join(config.MARKET_DATA_DIR, 'ingest', 'read-model.sqlite'), {
  rebuild: process.argv.includes('--rebuild'),
});

await startIngestService({
  store,
  nats,
  blobs,
  readModel,
  port: config.INGEST_PORT,
  maxPackBytes: config.MARKET_MAX_PACK_BYTES,
  consumerName: config.MARKET_INSTANCE_ID ? `ingest-${config.MARKET_INSTANCE_ID}` : 'ingest',
  logger,
  // bootstrapService closes the app on SIGTERM/SIGINT; this releases the rest, in order.
  onClosed: async () => {
    await nats.drain().catch(() => undefined);
    await store.close();
    readModel.close();
  },
}).catch(async (error: unknown) => {
  logger.error('ingest failed to start', { error: error instanceof Error ? error.message : String(error) });
  await nats.close().catch(() => undefined);
  await store.close().catch(() => undefined);
  readModel.close();
  process.exit(1);
});
