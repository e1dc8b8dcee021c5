import type { Database } from 'better-sqlite3';
import { Client, type estypes } from '@elastic/elasticsearch';
import { enableSearchSync } from '../read-model/search-sync.js';
import { ElasticsearchBackend } from './elasticsearch-backend.js';
import { ElasticsearchIndexWriter } from './index-writer.js';
import { DEFAULT_INDEX } from './index-definition.js';

export interface ConnectElasticsearchOptions {
  /** MARKET_SEARCH_URL, e.g. http://elasticsearch:9200 (credentials may be in the URL). */
  url: string;
  index?: string;
  /** The search read model's connection and position (see ElasticsearchIndexWriter). */
  db: Database;
  position: () => bigint;
  /** --rebuild: delete and recreate the index (the read model is rebuilt too, and re-marks every document). */
  recreate?: boolean;
  refresh?: estypes.Refresh;
  onError?: (error: unknown) => void;
}

/**
 * The production search profile: the only module that imports `@elastic/elasticsearch` at
 * runtime, itself imported with a dynamic `import()` only when MARKET_SEARCH_URL is set (so the
 * embedded profile never loads the client; infra/launcher/src/build-bundles.int.spec.ts checks it).
 * Turns on change marking for the read model, makes sure the index exists, and returns the
 * search port's adapter and the writer that keeps the index in step.
 */
export const connectElasticsearch = async (options: ConnectElasticsearchOptions) => {
  const index = options.index ?? DEFAULT_INDEX;
  const client = new Client({ node: options.url });
  enableSearchSync(options.db);
  const writer = new ElasticsearchIndexWriter({
    client,
    index,
    db: options.db,
    position: options.position,
    ...(options.refresh !== undefined ? { refresh: options.refresh } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  try {
    await writer.prepare({ recreate: options.recreate ?? false });
  } catch (error) {
    await client.close();
    throw error;
  }
  return {
    index,
    client,
    backend: new ElasticsearchBackend(client, index),
    writer,
    /** Waits for the write in flight, then closes the client. */
    close: async () => {
      await writer.close();
      await client.close();
    },
  };
};

export type ElasticsearchConnection = Awaited<ReturnType<typeof connectElasticsearch>>;
