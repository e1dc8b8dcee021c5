import type { OptionSpecs } from './command-spec.js';

/** Accepted by every command, before or after its name. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  json: { type: 'boolean', description: 'print one JSON document on stdout (shapes in libs/cli/README.md)' },
  verbose: { type: 'boolean', short: 'v', description: 'more detail; stack traces on unexpected errors' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
  url: { type: 'string', value: 'url', description: 'registry base URL (env MARKET_URL)' },
  config: {
    type: 'string',
    value: 'file',
    description: 'config file (env MARKET_CONFIG, default ~/.config/market/config.toml)',
  },
  'cache-dir': { type: 'string', value: 'dir', description: 'content-addressed archive cache (env MARKET_CACHE_DIR)' },
  timeout: { type: 'string', value: 'seconds', description: 'per-request timeout (env MARKET_TIMEOUT)' },
  concurrency: { type: 'string', value: 'n', description: 'parallel downloads (env MARKET_CONCURRENCY)' },
  key: {
    type: 'string',
    value: 'file',
    description: 'publisher private key (env MARKET_KEY, default ~/.config/market/key.pem)',
  },
  dir: {
    type: 'string',
    short: 'C',
    value: 'dir',
    description: 'project (or pack) directory to work in, instead of the current one',
  },
};
