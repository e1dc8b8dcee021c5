import { join, resolve } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { commonConfigShape, servicePorts } from './common-config.js';
import { ConfigError, isConfigError } from './config-error.js';
import { envPositiveInt, envString } from './env-vars.js';
import { loadConfig } from './load-config.js';

const load = (env: Record<string, string | undefined>) => loadConfig(commonConfigShape, { env, exit: false });

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig(commonConfigShape)', () => {
  it('gives the embedded defaults on an empty environment, paths absolute', () => {
    const dataDir = resolve('.market-data');
    expect(load({})).toEqual({
      MARKET_DATA_DIR: dataDir,
      NATS_URL: 'nats://127.0.0.1:4222',
      MARKET_EVENT_STORE_URL: `sqlite:${join(dataDir, 'events.sqlite')}`,
      MARKET_BLOB_STORE_URL: `file:${join(dataDir, 'blobs')}`,
      MARKET_HOST: '127.0.0.1',
      MARKET_PORT: 7100,
      INGEST_PORT: 7101,
      VERIFY_PORT: 7102,
      STORAGE_PORT: 7103,
      REGISTRY_PORT: 7104,
      SEARCH_PORT: 7105,
      LOG_LEVEL: 'info',
    });
  });

  it('derives the store locations from MARKET_DATA_DIR, and types the result', () => {
    const config = load({ MARKET_DATA_DIR: '/var/lib/market', INGEST_PORT: '9001', LOG_LEVEL: 'DEBUG' });
    expect(config.MARKET_EVENT_STORE_URL).toBe('sqlite:/var/lib/market/events.sqlite');
    expect(config.MARKET_BLOB_STORE_URL).toBe('file:/var/lib/market/blobs');
    expect(config.INGEST_PORT).toBe(9001);
    expect(config.LOG_LEVEL).toBe('debug');
    expectTypeOf(config.INGEST_PORT).toEqualTypeOf<number>();
    expectTypeOf(config.MARKET_DATA_DIR).toEqualTypeOf<string>();
    expectTypeOf(config.LOG_LEVEL).toEqualTypeOf<'debug' | 'info' | 'warn' | 'error' | 'silent'>();
  });

  it('keeps explicitly configured production URLs and treats empty values as unset', () => {
    const config = load({
      MARKET_EVENT_STORE_URL: 'esdb://kurrentdb:2113?tls=false',
      MARKET_BLOB_STORE_URL: 's3://minio:9000/packs',
      NATS_URL: 'nats://nats-1:4222',
      VERIFY_PORT: '',
      MARKET_DATA_DIR: '   ',
    });
    expect(config).toMatchObject({
      MARKET_EVENT_STORE_URL: 'esdb://kurrentdb:2113?tls=false',
      MARKET_BLOB_STORE_URL: 's3://minio:9000/packs',
      NATS_URL: 'nats://nats-1:4222',
      VERIFY_PORT: 7102,
      MARKET_DATA_DIR: resolve('.market-data'),
    });
  });

  it('names every bad variable once, with what it expects and what it got', () => {
    const problems = problemsOf(() =>
      load({
        INGEST_PORT: 'abc',
        SEARCH_PORT: '70000',
        NATS_URL: 'http://nats:4222',
        MARKET_EVENT_STORE_URL: 'postgres://db/events',
        MARKET_BLOB_STORE_URL: 'ftp://x',
        LOG_LEVEL: 'verbose',
      }),
    );
    expect(problems).toEqual([
      {
        variable: 'NATS_URL',
        expected: 'expected a URL starting with nats: or tls: or ws: or wss:',
        received: 'http://nats:4222',
      },
      {
        variable: 'MARKET_EVENT_STORE_URL',
        expected:
          'expected a URL starting with sqlite: or esdb: or esdb+discover: or kurrentdb: or kurrentdb+discover:',
        received: 'postgres://db/events',
      },
      { variable: 'MARKET_BLOB_STORE_URL', expected: 'expected a URL starting with file: or s3:', received: 'ftp://x' },
      { variable: 'INGEST_PORT', expected: 'expected a TCP port (0-65535)', received: 'abc' },
      { variable: 'SEARCH_PORT', expected: 'expected a TCP port (0-65535)', received: '70000' },
      { variable: 'LOG_LEVEL', expected: 'expected one of debug, info, warn, error, silent', received: 'verbose' },
    ]);
  });

  it('rejects hostile and degenerate values rather than guessing', () => {
    for (const value of ['-1', '1e3', '7101abc', '0x1f', ' 7101']) {
      expect(problemsOf(() => load({ STORAGE_PORT: value }))[0]?.variable).toBe('STORAGE_PORT');
    }
    expect(problemsOf(() => load({ MARKET_EVENT_STORE_URL: 'sqlite:' }))[0]?.variable).toBe('MARKET_EVENT_STORE_URL');
    // An instance id becomes part of a NATS consumer name: no dots, wildcards or spaces.
    for (const value of ['a.b', 'a*', 'a b', 'x'.repeat(65)]) {
      expect(problemsOf(() => load({ MARKET_INSTANCE_ID: value }))[0]?.variable).toBe('MARKET_INSTANCE_ID');
    }
    expect(load({ MARKET_INSTANCE_ID: 'replica-2' }).MARKET_INSTANCE_ID).toBe('replica-2');
  });

  it('masks credentials in the reported value', () => {
    const [problem] = problemsOf(() => load({ MARKET_BLOB_STORE_URL: 'https://AKIA:s3cret@minio:9000/packs' }));
    expect(problem?.received).toBe('https://***@minio:9000/packs');
    expect(JSON.stringify(problem)).not.toContain('s3cret');
  });

  it('exports the port map the launcher and compose use', () => {
    expect(servicePorts.ingest).toEqual({ variable: 'INGEST_PORT', defaultPort: 7101 });
    expect(Object.values(servicePorts).map((p) => p.defaultPort)).toEqual([7100, 7101, 7102, 7103, 7104, 7105]);
  });
});

describe('loadConfig(own shape)', () => {
  it('reports a required variable that is not set', () => {
    const shape = {
      ...commonConfigShape,
      MARKET_SEARCH_URL: envString('the Elasticsearch URL'),
      BATCH: envPositiveInt('a batch size', 100),
    };
    const error = (() => {
      try {
        loadConfig(shape, { env: { BATCH: '0' }, exit: false });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n').slice(1)).toEqual([
      'MARKET_SEARCH_URL: expected the Elasticsearch URL, but it is not set',
      'BATCH: expected a batch size (a positive integer), got "0"',
    ]);
    expect(loadConfig(shape, { env: { MARKET_SEARCH_URL: 'http://es:9200' }, exit: false })).toMatchObject({
      MARKET_SEARCH_URL: 'http://es:9200',
      BATCH: 100,
    });
  });
});
