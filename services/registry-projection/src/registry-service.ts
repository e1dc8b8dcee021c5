import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ConsumerHandle, startProjection } from '@market/bus';
import type { EventStore } from '@market/event-store';
import { bootstrapService } from '@market/http';
import { createLogger } from '@market/observability';
import { SqliteReadModel } from '@market/read-model';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NatsConnection } from 'nats';
import { registerPackageDocumentRoute } from './http/package-document.route.js';
import { RegistryModule } from './http/registry.module.js';
import { applyRegistryEvent, registryEventTypes } from './read-model/apply-registry-event.js';
import { backfillPackageDocuments } from './read-model/package-documents.js';
import { REGISTRY_READ_MODEL, registryMigrations } from './read-model/registry-schema.js';

export const SERVICE_NAME = 'registry-projection';

export interface RegistryServiceDeps {
  store: EventStore;
  nats: NatsConnection;
  /** The read model lives at `<dataDir>/registry-projection/read-model.sqlite`. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Distinguishes the durable consumers of several replicas. */
  instanceId?: string;
  /** Drop the read model and rebuild it from the event store before serving. */
  rebuild?: boolean;
  /** Runs last when the service stops (SIGTERM/SIGINT or stop()): e.g. drain NATS, close the store. */
  onShutdown?: () => Promise<void>;
}

export interface RegistryService {
  app: NestFastifyApplication;
  url: string;
  readModel: SqliteReadModel;
  projection: ConsumerHandle;
  /** Stops serving, stops the projection, closes the read model, then runs deps.onShutdown. */
  stop(): Promise<void>;
}

/** The whole service in-process: read model, projection (consumer) and HTTP, wired like main.ts. */
export const startRegistryService = async (deps: RegistryServiceDeps): Promise<RegistryService> => {
  const dir = join(deps.dataDir, SERVICE_NAME);
  mkdirSync(dir, { recursive: true });
  const readModel = SqliteReadModel.open({
    path: join(dir, 'read-model.sqlite'),
    name: REGISTRY_READ_MODEL,
    migrations: registryMigrations,
  });
  let projection: ConsumerHandle | undefined;
  try {
    if (deps.rebuild) readModel.drop();
    // A read model from before package documents existed gets them now (once; then the projection keeps them).
    readModel.db.transaction(() => backfillPackageDocuments(readModel.db))();
    projection = await startProjection({
      name: deps.instanceId ? `${SERVICE_NAME}-${deps.instanceId}` : SERVICE_NAME,
      nats: deps.nats,
      store: deps.store,
      readModel,
      eventTypes: registryEventTypes,
      apply: (db, event) => applyRegistryEvent(db, event),
    });
    const running = projection;
    let stopped = false;
    const shutdown = async () => {
      if (stopped) return;
      stopped = true;
      await running.stop();
      readModel.close();
      await deps.onShutdown?.();
    };
    const context = { db: readModel.db, store: deps.store, onShutdown: shutdown };
    const app = await bootstrapService({
      name: SERVICE_NAME,
      module: RegistryModule.forRoot(context),
      port: deps.port,
      configure: (app) =>
        registerPackageDocumentRoute(app.getHttpAdapter().getInstance(), context, createLogger(SERVICE_NAME)),
      ...(deps.host ? { host: deps.host } : {}),
    });
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return { app, url, readModel, projection: running, stop: () => app.close() };
  } catch (error) {
    await projection?.stop().catch(() => undefined);
    readModel.close();
    throw error;
  }
};
