import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { BlobStore } from '@market/blob-store';
import type { DownloadTally } from '../domain/download-tally.js';
import { BlobsController } from './blobs.controller.js';
import type { BufferPool } from './buffer-pool.js';
import { BLOB_INDEX_DB, BLOB_STORE, BUFFER_POOL, DOWNLOAD_TALLY, SHUTDOWN } from './tokens.js';

/** Runs when the app closes (SIGTERM via bootstrapService, or stop() in tests): consumer, flush, stores. */
@Injectable()
class StorageShutdown implements OnApplicationShutdown {
  constructor(@Inject(SHUTDOWN) private readonly shutdown: () => Promise<void>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.shutdown();
  }
}

@Module({})
export class StorageModule {
  static forRoot(deps: {
    blobs: BlobStore;
    db: Database.Database;
    tally: DownloadTally;
    pool: BufferPool;
    shutdown: () => Promise<void>;
  }): DynamicModule {
    return {
      module: StorageModule,
      controllers: [BlobsController],
      providers: [
        { provide: BLOB_STORE, useValue: deps.blobs },
        { provide: BLOB_INDEX_DB, useValue: deps.db },
        { provide: DOWNLOAD_TALLY, useValue: deps.tally },
        { provide: BUFFER_POOL, useValue: deps.pool },
        { provide: SHUTDOWN, useValue: deps.shutdown },
        StorageShutdown,
      ],
    };
  }
}
