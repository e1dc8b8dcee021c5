import type { EventStore } from '@market/event-store';
import type { Database } from 'better-sqlite3';

/** What the controllers read: the read model (queries) and the event store (history, as-of). */
export interface RegistryContext {
  db: Database;
  store: EventStore;
  /** Runs when the Nest app closes (after the HTTP server stopped accepting requests). */
  onShutdown?: () => Promise<void>;
}

export const REGISTRY_CONTEXT = Symbol('REGISTRY_CONTEXT');
