import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { INGEST_DEPS, type IngestDeps } from './ingest-deps.js';

/** Closing the app (SIGTERM, SIGINT, a test) also stops what startIngestService started. */
@Injectable()
export class IngestLifecycle implements OnApplicationShutdown {
  constructor(@Inject(INGEST_DEPS) private readonly deps: IngestDeps) {}

  async onApplicationShutdown(): Promise<void> {
    await this.deps.onShutdown?.();
  }
}
