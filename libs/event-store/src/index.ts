export * from './event-store.js';
export * from './expected-revision.js';
export * from './errors/event-store-error.js';
export * from './validate-append.js';
export * from './sqlite/sqlite-event-store.js';
export * from './sqlite/append-raw-for-testing.js';
export type { SqliteSynchronous } from './sqlite/sqlite-schema.js';
export * from './open-event-store.js';
export * from './eventstoredb/eventstoredb-event-store.js';
