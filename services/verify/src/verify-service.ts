import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import type { BlobStore } from '@market/blob-store';
import { startConsumer, type ConsumerHandle } from '@market/bus';
import type { EventStore } from '@market/event-store';
import { bootstrapService } from '@market/http';
import { createLogger, type Logger } from '@market/observability';
import type { ArchiveLimits } from '@market/pack';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { verifyBatchHandler, verifyEventTypes, verifyHandler } from './consumer/verify-handler.js';
import { VerifyReadModel } from './read-model/verify-read-model.js';
import { VerifyModule } from './verify.module.js';

export interface VerifyServiceDeps {
  store: EventStore;
  nats: NatsConnection;
  blobs: BlobStore;
  /** The read model lives at `<dataDir>/verify/read-model.sqlite`. */
  dataDir: string;
  /** HTTP port (health, metrics); 0 picks a free one. */
  port: number;
  host?: string;
  /** `verify`, or `verify-<instance>` for a second replica. */
  consumerName?: string;
  /** Drop the read model and rebuild it from the event store before serving. */
  rebuild?: boolean;
  archiveLimits?: Partial<ArchiveLimits>;
  logger?: Logger;
  /** Runs last when the service stops (main.ts drains NATS and closes the store here). */
  onStopped?: () => Promise<void>;
}

export interface VerifyService {
  app: NestFastifyApplication;
  consumer: ConsumerHandle;
  readModel: VerifyReadModel;
  /** Closes the app, which stops the consumer, closes the read model, then runs onStopped. */
  stop(): Promise<void>;
}

/**
 * verify: consumes every event in global order (one filter subject covers them all), keeps the
 * publisher keys it trusts, judges each submission and appends Verified or Rejected.
 */
export async function startVerifyService(deps: VerifyServiceDeps): Promise<VerifyService> {
  const logger = deps.logger ?? createLogger('verify');
  mkdirSync(join(deps.dataDir, 'verify'), { recursive: true });
  const readModel = VerifyReadModel.open(join(deps.dataDir, 'verify', 'read-model.sqlite'));
  let consumer: ConsumerHandle | undefined;
  try {
    if (deps.rebuild) readModel.drop();
    const handlerDeps = { store: deps.store, blobs: deps.blobs, readModel, archiveLimits: deps.archiveLimits, logger };
    consumer = await startConsumer({
      name: deps.consumerName ?? 'verify',
      nats: deps.nats,
      store: deps.store,
      startAfter: readModel.lastPosition(),
      filterSubject: 'market.events.>',
      eventTypes: verifyEventTypes,
      handle: verifyHandler(handlerDeps),
      handleBatch: verifyBatchHandler(handlerDeps),
      onParked: (parked) => logger.error('event parked', { ...parked, position: String(parked.position) }),
    });
    const running = consumer;
    let stopped: Promise<void> | undefined;
    // Called by Nest when the app closes, whether by stop() or by SIGTERM/SIGINT.
    const shutdown = () =>
      (stopped ??= (async () => {
        await running.stop();
        readModel.close();
        await deps.onStopped?.();
      })());
    const app = await bootstrapService({
      name: 'verify',
      module: VerifyModule.forRoot({ shutdown }),
      port: deps.port,
      host: deps.host,
      logger,
    });
    return { app, consumer: running, readModel, stop: () => app.close() };
  } catch (error) {
    await consumer?.stop();
    readModel.close();
    throw error;
  }
}
