/** Everything the CLI can be configured with, after precedence was applied. */
export interface Settings {
  /** Registry base URL. */
  url: string;
  /** Content-addressed archive cache. */
  cacheDir: string;
  /** Publisher private key (PKCS#8 PEM). */
  keyFile: string;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Parallel downloads. */
  concurrency: number;
}

export type SettingName = keyof Settings;
export type SettingSource = 'flag' | 'env' | 'config' | 'default';

export interface SettingSpec {
  name: SettingName;
  /** The key in config.toml and the flag (`--<key>`). */
  key: string;
  env: string;
  description: string;
}

/** The table README.md documents: one line per setting, in this order. */
export const SETTING_SPECS: readonly SettingSpec[] = [
  { name: 'url', key: 'url', env: 'MARKET_URL', description: 'registry base URL' },
  { name: 'cacheDir', key: 'cache-dir', env: 'MARKET_CACHE_DIR', description: 'content-addressed archive cache' },
  { name: 'keyFile', key: 'key', env: 'MARKET_KEY', description: 'publisher private key (PEM, 0600)' },
  { name: 'timeoutMs', key: 'timeout', env: 'MARKET_TIMEOUT', description: 'per-request timeout in seconds' },
  { name: 'concurrency', key: 'concurrency', env: 'MARKET_CONCURRENCY', description: 'parallel downloads (1-64)' },
];
