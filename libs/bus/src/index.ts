export * from './consumer-options.js';
export * from './start-consumer.js';
export * from './start-projection.js';
export * from './park-event.js';
export * from './subject-filter.js';
export * from './durable-consumer.js';
export * from './bus-error.js';
