import { type DynamicModule, Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { BlobStore } from '@market/blob-store';
import type { DownloadTally } from '../domain/download-tally.js';
import { BlobsController } from './blobs.controller.js';
import { BLOB_INDEX_DB, BLOB_STORE, DOWNLOAD_TALLY } from './tokens.js';

@Module({})
export class StorageModule {
  static forRoot(deps: { blobs: BlobStore; db: Database.Database; tally: DownloadTally }): DynamicModule {
    return {
      module: StorageModule,
      controllers: [BlobsController],
      providers: [
        { provide: BLOB_STORE, useValue: deps.blobs },
        { provide: BLOB_INDEX_DB, useValue: deps.db },
        { provide: DOWNLOAD_TALLY, useValue: deps.tally },
      ],
    };
  }
}
