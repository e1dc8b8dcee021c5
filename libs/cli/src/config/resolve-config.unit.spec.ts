import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { configFilePath, resolveConfig, type ConfigInputs } from './resolve-config.js';

const home = '/home/ada';
const cwd = '/work/project';
const inputs = (over: Partial<ConfigInputs> = {}): ConfigInputs => ({ flags: {}, env: {}, home, cwd, ...over });

describe('config precedence', () => {
  it('uses the defaults when nothing is set', () => {
    const { settings, sources } = resolveConfig(inputs());
    expect(settings).toEqual({
      url: 'http://127.0.0.1:7100',
      cacheDir: '/home/ada/.cache/market',
      keyFile: '/home/ada/.config/market/key.pem',
      timeoutMs: 30_000,
      concurrency: 8,
    });
    expect(new Set(Object.values(sources))).toEqual(new Set(['default']));
  });

  it('flag > env > config file > default, for every setting independently (property)', () => {
    const layer = fc.record({ flag: fc.boolean(), env: fc.boolean(), file: fc.boolean() });
    fc.assert(
      fc.property(layer, layer, (url, concurrency) => {
        const flags: Record<string, unknown> = {};
        const env: NodeJS.ProcessEnv = {};
        const values: Record<string, unknown> = {};
        if (url.flag) flags.url = 'http://flag:1';
        if (url.env) env.MARKET_URL = 'http://env:2';
        if (url.file) values.url = 'http://file:3';
        if (concurrency.flag) flags.concurrency = '11';
        if (concurrency.env) env.MARKET_CONCURRENCY = '12';
        if (concurrency.file) values.concurrency = 13;
        const { settings, sources } = resolveConfig(inputs({ flags, env, file: { path: '/etc/market.toml', values } }));
        const expectUrl = url.flag
          ? ['http://flag:1', 'flag']
          : url.env
            ? ['http://env:2', 'env']
            : url.file
              ? ['http://file:3', 'config']
              : ['http://127.0.0.1:7100', 'default'];
        expect([settings.url, sources.url]).toEqual(expectUrl);
        const expectN = concurrency.flag
          ? [11, 'flag']
          : concurrency.env
            ? [12, 'env']
            : concurrency.file
              ? [13, 'config']
              : [8, 'default'];
        expect([settings.concurrency, sources.concurrency]).toEqual(expectN);
      }),
    );
  });

  it('resolves paths: the config file relative to itself, flags and env relative to the cwd, ~ to home', () => {
    const { settings } = resolveConfig(
      inputs({ file: { path: '/etc/market/config.toml', values: { 'cache-dir': 'cache', key: '~/keys/ci.pem' } } }),
    );
    expect(settings.cacheDir).toBe('/etc/market/cache');
    expect(settings.keyFile).toBe('/home/ada/keys/ci.pem');
    expect(resolveConfig(inputs({ env: { MARKET_CACHE_DIR: 'c' } })).settings.cacheDir).toBe('/work/project/c');
    expect(resolveConfig(inputs({ flags: { key: 'k.pem' } })).settings.keyFile).toBe('/work/project/k.pem');
  });

  it('takes the timeout in seconds and an empty env variable as unset', () => {
    expect(resolveConfig(inputs({ env: { MARKET_TIMEOUT: '2.5' } })).settings.timeoutMs).toBe(2500);
    expect(resolveConfig(inputs({ env: { MARKET_URL: '' } })).sources.url).toBe('default');
  });

  it.each([
    [{ flags: { url: 'ftp://x' } }, /--url must be an http\(s\) URL/],
    [{ env: { MARKET_URL: 'not a url' } }, /MARKET_URL "not a url" is not a URL/],
    [{ env: { MARKET_TIMEOUT: '0' } }, /MARKET_TIMEOUT must be a number of seconds/],
    [{ flags: { concurrency: '65' } }, /--concurrency must be an integer from 1 to 64/],
    [{ file: { path: '/c.toml', values: { concurrency: 'many' } } }, /concurrency in \/c.toml must be an integer/],
    [{ file: { path: '/c.toml', values: { registry: 'http://x' } } }, /\/c.toml: unknown setting "registry"/],
  ] as [Partial<ConfigInputs>, RegExp][])('refuses a bad value, naming where it came from (%#)', (over, message) => {
    let failure: unknown;
    try {
      resolveConfig(inputs(over));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).exitCode).toBe(EXIT.localFile);
    expect((failure as CliError).message).toMatch(message);
  });

  it('finds the config file: --config, then MARKET_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configFilePath({ config: 'm.toml' }, { MARKET_CONFIG: '/x.toml' }, home, cwd)).toEqual({
      path: '/work/project/m.toml',
      explicit: true,
    });
    expect(configFilePath({}, { MARKET_CONFIG: '/x.toml' }, home, cwd)).toEqual({ path: '/x.toml', explicit: true });
    expect(configFilePath({}, { XDG_CONFIG_HOME: '/xdg' }, home, cwd)).toEqual({
      path: '/xdg/market/config.toml',
      explicit: false,
    });
    expect(configFilePath({}, { XDG_CONFIG_HOME: 'relative' }, home, cwd).path).toBe(
      '/home/ada/.config/market/config.toml',
    );
  });
});
