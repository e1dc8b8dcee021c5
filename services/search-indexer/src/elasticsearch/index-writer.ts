import type { Database } from 'better-sqlite3';
import type { Client, estypes } from '@elastic/elasticsearch';
import { documentOfRow, findDocument } from '../read-model/document-store.js';
import { clearSearchSync, markAllForSearchSync, pendingSearchSync, takeSearchSync } from '../read-model/search-sync.js';
import { type BulkFailure, bulkFailures } from './bulk-outcome.js';
import { toEsDocument } from './es-document.js';
import { INDEX_MAPPINGS, INDEX_SETTINGS } from './index-definition.js';

export interface IndexWriterOptions {
  client: Client;
  index: string;
  /** The search read model's connection (the one the projection writes). */
  db: Database;
  /** The read model's position: the external version of what is written. */
  position: () => bigint;
  /** Bulk refresh: false in production (the index refreshes each second), 'wait_for' in tests. */
  refresh?: estypes.Refresh;
  /** Packages per bulk request. Default 500. */
  batchSize?: number;
  /** Called when a write failed (it is retried with backoff; the marks stay). */
  onError?: (error: unknown) => void;
}

export class IndexWriteError extends Error {
  readonly type = 'search_index_write_failed' as const;
  constructor(
    readonly index: string,
    readonly failures: BulkFailure[],
  ) {
    const first = failures[0]!;
    super(
      `Elasticsearch index ${index}: ${failures.length} write(s) failed, first ${first.operation} ${first.id}: ${first.status} ${first.reason}`,
    );
    this.name = 'IndexWriteError';
  }
}

export class SearchVersionRangeError extends RangeError {
  readonly type = 'search_version_out_of_range' as const;
  constructor(position: bigint) {
    super(`read model position ${position} does not fit an Elasticsearch external version (a JSON-safe integer)`);
    this.name = 'SearchVersionRangeError';
  }
}

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Keeps the Elasticsearch index in step with the SQLite read model, which stays the per-package
 * state (it applies the events, with its checkpoint, exactly once). Elasticsearch cannot share that
 * transaction, so:
 * - document-store.ts marks each changed package in `search_sync` inside the event's transaction
 *   (search-sync.ts); after each committed burst `schedule()` drains the marks;
 * - each marked package is written as the read model holds it now: its document (index) or, when
 *   nothing searchable is left, a delete; `version` = the read model's position and
 *   `version_type: external_gte`, so a replay, a redelivery or a lagging replica never replaces a
 *   newer state, and writing the same state twice is harmless;
 * - a mark is cleared only once Elasticsearch acknowledged its write (and only if it was not marked
 *   again meanwhile): a crash in between re-sends it, which is idempotent;
 * - an index that did not exist (first start, or lost) is created and every document is marked;
 *   `recreate` (--rebuild) deletes and recreates it.
 */
export class ElasticsearchIndexWriter {
  private readonly batchSize: number;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: IndexWriterOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  /** Creates the index when missing (deleting it first when `recreate`); a new index gets every document marked. */
  async prepare({ recreate = false }: { recreate?: boolean } = {}): Promise<void> {
    const { client, index, db } = this.options;
    if (recreate) await client.indices.delete({ index, ignore_unavailable: true });
    if (await client.indices.exists({ index })) return;
    try {
      await client.indices.create({ index, settings: INDEX_SETTINGS, mappings: INDEX_MAPPINGS });
    } catch (error) {
      // Another replica created it first.
      if (errorType(error) !== 'resource_already_exists_exception') throw error;
    }
    markAllForSearchSync(db);
  }

  /** Marks are waiting: write them now, or after the write in flight. Never throws (failures retry). */
  schedule(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.retryTimer) return;
    this.running = this.drain()
      .then(() => {
        this.failures = 0;
      })
      .catch((error: unknown) => {
        this.failures++;
        this.options.onError?.(error);
        if (!this.closed) {
          const delay = Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** Math.min(this.failures, 8));
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.schedule();
          }, delay);
          this.retryTimer.unref();
        }
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  /** Writes every mark now, throwing the first failure (tests, and the rebuild path). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    await this.drain();
  }

  /** Packages still to write. */
  pending(): number {
    return pendingSearchSync(this.options.db);
  }

  /** Stops scheduling and waits for the write in flight (its marks stay if it did not finish). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const written = await this.writeBatch();
      if (written < this.batchSize || this.closed) return;
    }
  }

  private async writeBatch(): Promise<number> {
    const { client, index, db, refresh = false } = this.options;
    if (!db.open) return 0;
    // Marks, documents and position are read in one synchronous step: one consistent state.
    const marks = takeSearchSync(db, this.batchSize);
    if (marks.length === 0) return 0;
    const version = toExternalVersion(this.options.position());
    const operations: estypes.BulkRequest['operations'] = [];
    for (const { pkg } of marks) {
      const row = findDocument(db, pkg);
      if (row) {
        operations.push({ index: { _index: index, _id: pkg, version, version_type: 'external_gte' } });
        operations.push(toEsDocument(documentOfRow(row)));
      } else {
        operations.push({ delete: { _index: index, _id: pkg, version, version_type: 'external_gte' } });
      }
    }
    const response = await client.bulk({ operations, refresh });
    const failures = bulkFailures(response);
    if (failures.length > 0) throw new IndexWriteError(index, failures);
    if (db.open) clearSearchSync(db, marks);
    return marks.length;
  }
}

export const toExternalVersion = (position: bigint): number => {
  if (position < 0n || position > BigInt(Number.MAX_SAFE_INTEGER)) throw new SearchVersionRangeError(position);
  return Number(position);
};

const errorType = (error: unknown): string | undefined =>
  (error as { body?: { error?: { type?: string } } } | null)?.body?.error?.type;
