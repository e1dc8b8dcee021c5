import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventStore } from './event-store.js';
import { openSqliteEventStore } from './sqlite/sqlite-event-store.js';

const esdbSchemes = ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:', 'kurrent:', 'kurrent+discover:'];

/**
 * Picks the adapter from a URL, so services change backend through configuration only:
 * - `sqlite:/abs/path/events.sqlite`, `sqlite:relative/path`, `file:///abs/path`, or a bare path → SQLite;
 * - `esdb://`, `esdb+discover://`, `kurrentdb://` (…) → EventStoreDB/KurrentDB.
 */
export const openEventStore = async (url: string): Promise<EventStore> => {
  const trimmed = url.trim();
  if (trimmed.length === 0) throw new InvalidEventStoreUrlError(url, 'empty');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme && esdbSchemes.includes(`${scheme}:`)) {
    // Loaded lazily: the embedded profile never pays for the gRPC client.
    const { openEventStoreDb } = await import('./eventstoredb/eventstoredb-event-store.js');
    return openEventStoreDb({ connectionString: trimmed });
  }
  return openSqliteEventStore({ path: sqlitePathOf(trimmed, scheme) });
};

const sqlitePathOf = (url: string, scheme: string | undefined): string => {
  // A one-letter "scheme" is a Windows drive (C:\...), i.e. a bare path.
  if (scheme === undefined || scheme.length === 1) return resolvePath(url, url);
  if (scheme === 'sqlite')
    return resolvePath(url, decodeURIComponent(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')));
  if (scheme === 'file') return fileURLToPath(url);
  throw new InvalidEventStoreUrlError(url, `unsupported scheme ${scheme}: (use sqlite:, esdb:, kurrentdb:)`);
};

const resolvePath = (url: string, path: string): string => {
  if (path.length === 0) throw new InvalidEventStoreUrlError(url, 'no file path');
  return isAbsolute(path) || path === ':memory:' ? path : resolve(path);
};

export class InvalidEventStoreUrlError extends Error {
  readonly type = 'invalid_event_store_url' as const;
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`invalid event store URL ${JSON.stringify(url)}: ${reason}`);
    this.name = 'InvalidEventStoreUrlError';
  }
}
