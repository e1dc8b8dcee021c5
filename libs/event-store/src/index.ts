export * from './event-store.js';
export * from './expected-revision.js';
export * from './errors/event-store-error.js';
