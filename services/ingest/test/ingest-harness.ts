import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { FsBlobStore } from '@market/blob-store';
import { openSqliteEventStore, type EventStore } from '@market/event-store';
import { startRelay, type Relay } from '@market/relay';
import { createLogger } from '@market/observability';
import type { SqliteReadModel } from '@market/read-model';
import { startNatsServer, tempDir, type NatsServer, type TempDir } from '@market/testing';
import { startIngestService, type IngestService } from '../src/ingest-service.js';
import { openIngestReadModel } from '../src/read-model/open-ingest-read-model.js';

export interface IngestHarness {
  url: string;
  /** The nats-server, for a second replica. */
  natsUrl: string;
  store: EventStore;
  blobRoot: string;
  dir: string;
  readModel: SqliteReadModel;
  service: IngestService;
  /** Files in the staging area (temp files included), to prove refused uploads leave nothing. */
  stagedFiles(): string[];
  stop(): Promise<void>;
}

/** The real thing in-process: nats-server, SQLite event store, relay, fs blob store, ingest on a free port. */
export const startIngestHarness = async (options: { maxPackBytes: number }): Promise<IngestHarness> => {
  const dir: TempDir = tempDir('ingest-int');
  const natsServer: NatsServer = await startNatsServer();
  const store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite') });
  const nats: NatsConnection = await connect({ servers: natsServer.url });
  const relay: Relay = await startRelay({ store, nats });
  const blobRoot = join(dir.path, 'blobs');
  const readModel: SqliteReadModel = openIngestReadModel(join(dir.path, 'ingest', 'read-model.sqlite'));
  const service = await startIngestService({
    store,
    nats,
    blobs: new FsBlobStore(blobRoot),
    readModel,
    port: 0,
    maxPackBytes: options.maxPackBytes,
    logger: createLogger('ingest', { level: 'error' }),
  });
  return {
    url: service.url,
    natsUrl: natsServer.url,
    store,
    blobRoot,
    dir: dir.path,
    readModel,
    service,
    stagedFiles: () => {
      try {
        return readdirSync(join(blobRoot, 'staging'));
      } catch {
        return [];
      }
    },
    stop: async () => {
      await service.close();
      await relay.stop();
      await nats.drain();
      await store.close();
      readModel.close();
      await natsServer.stop();
      dir.remove();
    },
  };
};
