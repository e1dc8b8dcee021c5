export * from './event-store.js';
export * from './expected-revision.js';
export * from './errors/event-store-error.js';
export * from './validate-append.js';
export * from './sqlite/sqlite-event-store.js';
export * from './sqlite/append-raw-for-testing.js';
export type { SqliteSynchronous } from './sqlite/sqlite-schema.js';
export * from './open-event-store.js';
// The EventStoreDB adapter (and its gRPC client, ~30 MB of RSS) loads on demand through
// openEventStore('esdb://...'); import it from its file when a test needs the class itself.
export type { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
