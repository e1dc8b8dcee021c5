export * from './config-error.js';
export * from './env-vars.js';
export * from './common-config.js';
export * from './load-config.js';
