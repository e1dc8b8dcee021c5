import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `MARKET_CACHE_DIR` when set, else `~/.cache/market`. */
export const defaultCacheDir = (env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string =>
  env.MARKET_CACHE_DIR ? resolve(env.MARKET_CACHE_DIR) : join(home, '.cache', 'market');
