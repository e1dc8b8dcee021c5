export * from './start-relay.js';
export * from './stream-config.js';
export * from './stream-tip.js';
export * from './relay-message.js';
export * from './relay-error.js';
