export * from './free-port.js';
export * from './temp-dir.js';
export * from './wait-until.js';
export * from './nats-server.js';
export * from './spawn-tsx.js';
export * from './jetstream-dump.js';
export * from './events.js';
export * from './seeded-random.js';
