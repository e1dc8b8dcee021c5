import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteReadModel } from '@market/read-model';
import { ingestMigrations } from './ingest-migrations.js';

/** `<MARKET_DATA_DIR>/ingest/read-model.sqlite`; `rebuild` drops it so the projection replays history. */
export const openIngestReadModel = (path: string, options: { rebuild?: boolean } = {}): SqliteReadModel => {
  mkdirSync(dirname(path), { recursive: true });
  const rm = SqliteReadModel.open({ path, name: 'ingest', migrations: ingestMigrations });
  if (options.rebuild) rm.drop();
  return rm;
};
