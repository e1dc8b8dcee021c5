import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { SETTING_SPECS, type SettingName, type Settings, type SettingSource } from './settings.js';

export interface ConfigInputs {
  /** Global flags as parsed (`--url`, `--cache-dir`, `--key`, `--timeout`, `--concurrency`). */
  flags: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** The config file's table, if one was read. */
  file?: { path: string; values: Record<string, unknown> };
  home: string;
  cwd: string;
}

export interface ResolvedConfig {
  settings: Settings;
  sources: Record<SettingName, SettingSource>;
}

/** Where the config file is: `--config`, else `MARKET_CONFIG`, else `$XDG_CONFIG_HOME/market/config.toml` (~/.config by default). */
export const configFilePath = (
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  home: string,
  cwd: string,
): { path: string; explicit: boolean } => {
  if (typeof flags.config === 'string') return { path: resolve(cwd, flags.config), explicit: true };
  if (env.MARKET_CONFIG) return { path: resolve(cwd, env.MARKET_CONFIG), explicit: true };
  return { path: join(configHome(env, home), 'market', 'config.toml'), explicit: false };
};

const configHome = (env: NodeJS.ProcessEnv, home: string): string =>
  env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');

const defaults = (env: NodeJS.ProcessEnv, home: string): Settings => ({
  url: 'http://127.0.0.1:7100',
  cacheDir: join(home, '.cache', 'market'),
  keyFile: join(configHome(env, home), 'market', 'key.pem'),
  timeoutMs: 30_000,
  concurrency: 8,
});

const KNOWN_KEYS = new Set(SETTING_SPECS.map((s) => s.key));

/**
 * Precedence, highest first: command-line flag, environment variable, config file, default.
 * Pure (no I/O): the caller reads the file. Every value is validated wherever it came from,
 * and an error names both the setting and where the bad value came from.
 */
export const resolveConfig = (inputs: ConfigInputs): ResolvedConfig => {
  const { flags, env, file, home, cwd } = inputs;
  if (file) {
    for (const key of Object.keys(file.values)) {
      if (!KNOWN_KEYS.has(key)) {
        throw new CliError(
          'config_invalid',
          `${file.path}: unknown setting "${key}"`,
          EXIT.localFile,
          `known settings: ${[...KNOWN_KEYS].join(', ')}`,
        );
      }
    }
  }
  const fallback = defaults(env, home);
  const settings = { ...fallback } as Settings;
  const sources = {} as Record<SettingName, SettingSource>;
  for (const spec of SETTING_SPECS) {
    const candidates: [SettingSource, unknown, string][] = [
      ['flag', flags[spec.key], `--${spec.key}`],
      ['env', env[spec.env] === '' ? undefined : env[spec.env], spec.env],
      ['config', file?.values[spec.key], file ? `${spec.key} in ${file.path}` : ''],
    ];
    const chosen = candidates.find(([, value]) => value !== undefined);
    if (!chosen) {
      sources[spec.name] = 'default';
      continue;
    }
    const [source, raw, origin] = chosen;
    // Paths in the config file are relative to it; on the command line or in env, to the cwd.
    const base = source === 'config' && file ? resolve(file.path, '..') : cwd;
    (settings as unknown as Record<string, unknown>)[spec.name] = parseSetting(spec.name, raw, origin, base, home);
    sources[spec.name] = source;
  }
  return { settings, sources };
};

const bad = (origin: string, why: string) => new CliError('config_invalid', `${origin} ${why}`, EXIT.localFile);

const expandHome = (path: string, home: string) =>
  path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;

const parseSetting = (name: SettingName, raw: unknown, origin: string, base: string, home: string): unknown => {
  switch (name) {
    case 'url': {
      if (typeof raw !== 'string') throw bad(origin, 'must be a URL string');
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw bad(origin, `"${raw}" is not a URL (e.g. http://127.0.0.1:7100)`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw bad(origin, `must be an http(s) URL, got ${url.protocol}`);
      return raw.replace(/\/+$/, '');
    }
    case 'cacheDir':
    case 'keyFile':
      if (typeof raw !== 'string' || raw.trim() === '') throw bad(origin, 'must be a path');
      return resolve(base, expandHome(raw, home));
    case 'timeoutMs': {
      const seconds =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
        throw bad(origin, `must be a number of seconds above 0 and at most 3600, got ${JSON.stringify(raw)}`);
      return Math.round(seconds * 1000);
    }
    case 'concurrency': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > 64)
        throw bad(origin, `must be an integer from 1 to 64, got ${JSON.stringify(raw)}`);
      return n;
    }
  }
};
