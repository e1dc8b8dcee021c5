import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { type DomainEvent, decodeEvent, encodeEvent } from '@market/contracts';
import { SqliteReadModel } from '@market/read-model';
import { applySearchEvent, isSearchEvent } from '../read-model/apply-search-event.js';
import { flushIndex } from '../read-model/document-store.js';
import { searchMigrations } from '../read-model/search-schema.js';

export interface ProjectionHarness {
  db: Database;
  position: () => bigint;
  /** Encodes, decodes and applies each event at the next position, as the consumer does (one burst, committed). */
  apply: (...events: DomainEvent[]) => void;
  close: () => void;
}

/**
 * Encodes and decodes `event` at `position`, then applies it as the consumer does: an event of a
 * type the projection does not apply is stepped over (and, as live, moves no checkpoint).
 */
export const projectAt = (rm: SqliteReadModel, position: bigint, event: DomainEvent): void => {
  const { metadata, data } = encodeEvent(event);
  const decoded = decodeEvent({ position, revision: 0n, metadata, data });
  if (!decoded.ok) throw new Error(decoded.detail);
  const applied = decoded.event;
  if (isSearchEvent(applied)) rm.apply(position, (db) => applySearchEvent(db, applied));
};

/** A search read model on a real file in `dir`, fed through the projection exactly as the service feeds it. */
export const openProjectionHarness = (dir: string): ProjectionHarness => {
  const rm = SqliteReadModel.open({
    path: join(dir, `${randomUUID()}.sqlite`),
    name: 'search-indexer',
    migrations: searchMigrations,
  });
  let position = rm.lastPosition();
  return {
    db: rm.db,
    position: () => rm.lastPosition(),
    apply: (...events) => {
      for (const event of events) projectAt(rm, ++position, event);
      flushIndex(rm.db);
    },
    close: () => rm.close(),
  };
};
