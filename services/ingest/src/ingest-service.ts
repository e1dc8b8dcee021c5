import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NatsConnection } from 'nats';
import type { BlobStore } from '@market/blob-store';
import { startProjection } from '@market/bus';
import type { EventStore } from '@market/event-store';
import { bootstrapService } from '@market/http';
import { createLogger, type Logger } from '@market/observability';
import type { SqliteReadModel } from '@market/read-model';
import { IngestModule } from './ingest.module.js';
import { IngestReadModel, ingestEventTypes } from './read-model/ingest-read-model.js';
import { registerPublishRoute } from './publish/publish.route.js';
import { PublishService } from './publish/publish.service.js';

export interface IngestServiceOptions {
  store: EventStore;
  nats: NatsConnection;
  blobs: BlobStore;
  /** Opened with ingestMigrations (see read-model/open-ingest-read-model.ts). */
  readModel: SqliteReadModel;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  maxPackBytes: number;
  /** Durable consumer name: `ingest`, or `ingest-<instance>` when several run. */
  consumerName?: string;
  logger?: Logger;
  now?: () => Date;
  /** Runs after the app and the projection have stopped (close what the caller opened). */
  onClosed?: () => Promise<void>;
}

export interface IngestService {
  app: NestFastifyApplication;
  url: string;
  /** Resolves once the read model has applied everything up to `position`. */
  waitFor(position: bigint): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wires ingest: its projection (submission status and namespace claims, from every event, in
 * global order) and its HTTP app. Tests call this in-process; main.ts is a thin CLI around it.
 */
export const startIngestService = async (options: IngestServiceOptions): Promise<IngestService> => {
  const logger = options.logger ?? createLogger('ingest');
  const readModel = new IngestReadModel(options.readModel.db);
  const projection = await startProjection({
    name: options.consumerName ?? 'ingest',
    nats: options.nats,
    store: options.store,
    readModel: options.readModel,
    eventTypes: ingestEventTypes,
    apply: (_db, event) => readModel.apply(event),
  });
  let app: NestFastifyApplication;
  try {
    app = await bootstrapService({
      name: 'ingest',
      port: options.port,
      ...(options.host === undefined ? {} : { host: options.host }),
      logger,
      configure: (nest) => registerPublishRoute(nest.getHttpAdapter().getInstance(), nest.get(PublishService), logger),
      module: IngestModule.forRoot({
        store: options.store,
        blobs: options.blobs,
        readModel,
        readModelCaughtUp: (position) => projection.waitFor(position),
        logger,
        maxPackBytes: options.maxPackBytes,
        ...(options.now ? { now: options.now } : {}),
        onShutdown: async () => {
          await projection.stop();
          await options.onClosed?.();
        },
      }),
    });
  } catch (error) {
    await projection.stop();
    throw error;
  }
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    waitFor: (position) => projection.waitFor(position),
    close: () => app.close(),
  };
};
