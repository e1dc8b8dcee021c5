import { connect } from 'nats';
import { openEventStore } from '@market/event-store';
import { SqliteReadModel } from '@market/read-model';
import { startProjection } from '@market/bus';

/**
 * Crash-test projector: a separate process keeping `count` and `sum` of DownloadsCounted in a
 * SQLite read model. Env: NATS_URL, MARKET_EVENT_STORE_URL, READ_MODEL_PATH, CONSUMER_NAME,
 * POISON (optional package name whose events always make the handler throw), MAX_ATTEMPTS.
 */
const migrations = [
  'CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 1), count INTEGER NOT NULL, sum INTEGER NOT NULL)',
  'INSERT INTO totals VALUES (1, 0, 0)',
];
const poison = process.env.POISON;

const store = await openEventStore(process.env.MARKET_EVENT_STORE_URL!);
const nats = await connect({ servers: process.env.NATS_URL!, maxReconnectAttempts: -1, noAsyncTraces: true });
const readModel = SqliteReadModel.open({ path: process.env.READ_MODEL_PATH!, name: 'totals', migrations });
const projection = await startProjection({
  name: process.env.CONSUMER_NAME ?? 'crash-projector',
  nats,
  store,
  readModel,
  maxAttempts: Number(process.env.MAX_ATTEMPTS ?? 3),
  backoffMs: [5, 20],
  apply: (db, event) => {
    if (event.type !== 'DownloadsCounted') return;
    if (poison && event.data.name === poison) throw new Error(`poison event ${event.eventId}`);
    db.prepare('UPDATE totals SET count = count + 1, sum = sum + ? WHERE id = 1').run(event.data.count);
  },
});
console.log(`projector ready after ${readModel.lastPosition()}`);

process.on('SIGTERM', async () => {
  await projection.stop();
  await nats.drain();
  readModel.close();
  await store.close();
  process.exit(0);
});
