import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { NatsConnection } from 'nats';
import type { Database } from 'better-sqlite3';
import { newEvent, streams, type DecodedEvent, type EventOf } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import { READ_CHUNK_BYTES, type BlobStore } from '@market/blob-store';
import { startConsumer } from '@market/bus';
import { SqliteReadModel } from '@market/read-model';
import { bootstrapService } from '@market/http';
import { DownloadTally } from './domain/download-tally.js';
import { applyToBlobIndex, attachPromotedBlobs, blobIndexMigrations, recordPromoted } from './read-model/blob-index.js';
import { promoteVerified } from './consumers/promote-verified.js';
import { promotionWaves } from './consumers/promotion-waves.js';
import { BufferPool } from './http/buffer-pool.js';
import { StorageModule } from './http/storage.module.js';

export interface StorageServiceDeps {
  store: EventStore;
  nats: NatsConnection;
  blobs: BlobStore;
  dataDir: string;
  port: number;
  consumerName?: string;
  rebuild?: boolean;
  /** How often counted downloads are appended as DownloadsCounted events. */
  downloadsFlushMs?: number;
  /** Runs after the service has stopped (main drains NATS and closes the store here). */
  onStopped?: () => Promise<void>;
}

/**
 * storage: promotes verified bytes into the content-addressed store and appends Stored; keeps
 * the blob index (digest → size, refs) from Stored events; serves blobs by digest.
 */
export const startStorageService = async (deps: StorageServiceDeps) => {
  mkdirSync(join(deps.dataDir, 'storage'), { recursive: true });
  const readModel = SqliteReadModel.open({
    path: join(deps.dataDir, 'storage', 'read-model.sqlite'),
    name: 'storage',
    migrations: blobIndexMigrations,
  });
  if (deps.rebuild) readModel.drop();
  attachPromotedBlobs(readModel.db, join(deps.dataDir, 'storage', 'promoted-blobs.sqlite'));
  const promote = (event: EventOf<'PackageVersionVerified'> & DecodedEvent) =>
    promoteVerified({ ...deps, recordPromoted: (sha256, size) => recordPromoted(readModel.db, sha256, size) }, event);
  const consumer = await startConsumer({
    name: deps.consumerName ?? 'storage',
    nats: deps.nats,
    store: deps.store,
    startAfter: readModel.lastPosition(),
    filterSubject: 'market.events.package.>',
    eventTypes: ['PackageVersionVerified', 'PackageVersionStored'],
    handle: async (event) => {
      if (event.type === 'PackageVersionVerified') await promote(event);
      // The checkpoint advances with every event applied, in the same transaction as any index change.
      readModel.apply(event.position, (db) => applyToBlobIndex(db, event));
    },
    // Events that arrived together: their promotions (each idempotent) run side by side where
    // they cannot interfere (see promotionWaves), then every index change and the checkpoint
    // commit in one transaction. If anything throws, the bus goes one by one.
    handleBatch: async (events) => {
      const checkpoint = readModel.lastPosition();
      const verified = events.filter(
        (e): e is EventOf<'PackageVersionVerified'> & DecodedEvent =>
          e.type === 'PackageVersionVerified' && e.position > checkpoint,
      );
      for (const wave of promotionWaves(verified)) await Promise.all(wave.map(promote));
      readModel.applyBatch(
        events.map((event) => ({ position: event.position, change: (db: Database) => applyToBlobIndex(db, event) })),
      );
    },
  });
  const tally = new DownloadTally();
  const flush = async () => {
    const windowEnd = new Date().toISOString();
    for (const { name, version, count } of tally.drain()) {
      const stream = streams.package(name);
      await deps.store.append(stream, [
        newEvent('DownloadsCounted', stream, { name, version, count, windowEnd }, { actor: 'service:storage' }),
      ]);
    }
  };
  const timer = setInterval(
    () => void flush().catch((err) => console.error('[storage] downloads flush failed', err)),
    deps.downloadsFlushMs ?? 60_000,
  );
  timer.unref();
  const shutdown = async () => {
    clearInterval(timer);
    await flush().catch(() => undefined);
    await consumer.stop();
    readModel.close();
    await deps.onStopped?.();
  };
  // Download buffers: 8 × 1 MiB kept between downloads, dropped when the service goes idle.
  const pool = new BufferPool(READ_CHUNK_BYTES, 8);
  const app = await bootstrapService({
    name: 'storage',
    module: StorageModule.forRoot({ blobs: deps.blobs, db: readModel.db, tally, pool, shutdown }),
    port: deps.port,
    onIdle: () => pool.drain(),
  });
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1'),
    consumer,
    readModel,
    flushDownloads: flush,
    /** Closes the app, whose shutdown hook stops the consumer, flushes downloads and closes the read model. */
    stop: () => app.close(),
  };
};
