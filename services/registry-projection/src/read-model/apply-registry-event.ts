import type { DomainEvent, EventOf, EventType } from '@market/contracts';
import { eventTypeGuard, normalizePackageName, streams } from '@market/contracts';
import type { Database } from 'better-sqlite3';
import { evolvePackage, packageStateEventTypes } from '../domain/evolve-package.js';
import { loadPackageState, writePackageChange } from './package-state-store.js';
import { statementCache } from './package-rows.js';

const packageEvents: ReadonlySet<string> = new Set(packageStateEventTypes);

/** Every event type the projection applies (its consumer steps over the others unread). */
export const registryEventTypes = [
  ...packageStateEventTypes,
  'PublisherKeyRegistered',
] as const satisfies readonly EventType[];
export type RegistryEvent = Extract<DomainEvent, { type: (typeof registryEventTypes)[number] }>;
export const isRegistryEvent = eventTypeGuard(registryEventTypes);

const statements = statementCache((db: Database) => ({
  // First registration wins: a key id names one public key forever.
  insertKey: db.prepare(
    'INSERT OR IGNORE INTO keys (key_id, public_key, namespaces, owner, registered_at) VALUES (?, ?, ?, ?, ?)',
  ),
}));

/**
 * The projection: runs inside the read model's transaction with its checkpoint. A package event
 * is folded through the same `evolvePackage` the as-of view uses, and only the difference is written.
 */
export const applyRegistryEvent = (db: Database, event: RegistryEvent): void => {
  if (packageEvents.has(event.type)) {
    const name = packageOf(event);
    const before = loadPackageState(db, name);
    writePackageChange(db, before, evolvePackage(before, event));
    return;
  }
  if (event.type === 'PublisherKeyRegistered') applyKeyRegistered(db, event);
};

/**
 * The package is the one whose stream holds the event (what the as-of fold reads), so the live
 * view and the as-of view agree even on an event a producer filed under the wrong stream.
 */
const packageOf = (event: DomainEvent): string =>
  event.stream.startsWith(PACKAGE_STREAM_PREFIX)
    ? event.stream.slice(PACKAGE_STREAM_PREFIX.length)
    : normalizePackageName((event.data as { name: string }).name);

const PACKAGE_STREAM_PREFIX = streams.package('');

const applyKeyRegistered = (db: Database, event: EventOf<'PublisherKeyRegistered'>): void => {
  const { keyId, publicKey, namespaces, owner } = event.data;
  statements(db).insertKey.run(keyId, publicKey, JSON.stringify(namespaces), owner, event.occurredAt);
};
