import { join, resolve } from 'node:path';
import { envDirectory, envEnum, envInstanceId, envPort, envString, envUrl } from './env-vars.js';

const DEFAULT_DATA_DIR = './.market-data';

/** Each service's port variable and default (MARKET_PORT is the one base URL). */
export const servicePorts = {
  router: { variable: 'MARKET_PORT', defaultPort: 7100 },
  ingest: { variable: 'INGEST_PORT', defaultPort: 7101 },
  verify: { variable: 'VERIFY_PORT', defaultPort: 7102 },
  storage: { variable: 'STORAGE_PORT', defaultPort: 7103 },
  'registry-projection': { variable: 'REGISTRY_PORT', defaultPort: 7104 },
  'search-indexer': { variable: 'SEARCH_PORT', defaultPort: 7105 },
} as const;

export type ServicePortName = keyof typeof servicePorts;

/**
 * The variables every process shares. Spread it into a service's own shape:
 * `loadConfig({ ...commonConfigShape, MY_VAR: envString('...') })`.
 */
export const commonConfigShape = {
  MARKET_DATA_DIR: envDirectory(DEFAULT_DATA_DIR),
  NATS_URL: envUrl(['nats', 'tls', 'ws', 'wss'], 'nats://127.0.0.1:4222'),
  // Defaults derived from MARKET_DATA_DIR by withDerivedDefaults().
  MARKET_EVENT_STORE_URL: envUrl(['sqlite', 'esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover']),
  MARKET_BLOB_STORE_URL: envUrl(['file', 's3']),
  /** Address services listen on; containers set 0.0.0.0 (bootstrapService reads it). */
  MARKET_HOST: envString('a listen address such as 127.0.0.1 or 0.0.0.0', '127.0.0.1'),
  MARKET_PORT: envPort(servicePorts.router.defaultPort),
  INGEST_PORT: envPort(servicePorts.ingest.defaultPort),
  VERIFY_PORT: envPort(servicePorts.verify.defaultPort),
  STORAGE_PORT: envPort(servicePorts.storage.defaultPort),
  REGISTRY_PORT: envPort(servicePorts['registry-projection'].defaultPort),
  SEARCH_PORT: envPort(servicePorts['search-indexer'].defaultPort),
  LOG_LEVEL: envEnum(['debug', 'info', 'warn', 'error', 'silent'], 'info'),
  /** Set on each replica when a service runs more than once: `ingest-<id>` is its durable consumer. */
  MARKET_INSTANCE_ID: envInstanceId(),
};

/**
 * Fills the defaults that depend on another variable: the event store and blob store live
 * under the data directory unless configured elsewhere.
 */
export const withDerivedDefaults = (env: Record<string, string | undefined>): Record<string, string | undefined> => {
  const dataDir = resolve(env.MARKET_DATA_DIR ?? DEFAULT_DATA_DIR);
  return {
    ...env,
    MARKET_EVENT_STORE_URL: env.MARKET_EVENT_STORE_URL ?? `sqlite:${join(dataDir, 'events.sqlite')}`,
    MARKET_BLOB_STORE_URL: env.MARKET_BLOB_STORE_URL ?? `file:${join(dataDir, 'blobs')}`,
  };
};
