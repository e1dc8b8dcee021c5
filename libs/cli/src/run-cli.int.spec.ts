import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, tempDir } from '@market/testing';
import { ALL_COMMANDS } from './commands/all-commands.js';
import { runCli } from './run-cli.js';

/** The CLI in-process against real files (no registry): arguments, config, errors, exit codes. */
describe('runCli (real files, no registry)', () => {
  const dir = tempDir('market-cli');
  afterAll(() => dir.remove());

  const run = async (argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: options.env ?? {},
      cwd: options.cwd ?? dir.path,
      home: join(dir.path, 'home'),
    });
    return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, any> };
  };

  it('lists every command in --help, and gives each its own help with examples', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of ALL_COMMANDS) {
      expect(help.stdout).toContain(`  ${c.name} `);
      const own = await run([...c.name.split(' '), '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`usage: ${c.usage}`);
      expect(c.examples.length).toBeGreaterThan(0);
      for (const example of c.examples) expect(example).toMatch(new RegExp(`(^|\\s)market ${c.name}\\b`));
    }
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('answers usage errors with exit 2, a hint and no stack trace', async () => {
    const r = await run(['install', '--frozn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown option --frozn\nhint: run `market install --help`\n');
  });

  it('prints one JSON error document with --json', async () => {
    const project = join(dir.path, 'empty-project');
    mkdirSync(project);
    const r = await run(['install', '--frozen', '--json'], { cwd: project });
    expect(r.code).toBe(8);
    expect(r.json()).toEqual({
      error: {
        code: 'lockfile_missing',
        message: 'no market.lock in this project',
        hint: 'run `market install` once to write it, and commit it',
        exitCode: 8,
      },
    });
  });

  it('reports an unreachable registry with exit 4, and the stack only with --verbose', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const quiet = await run(['search', 'x'], { env: { MARKET_URL: url } });
    expect(quiet.code).toBe(4);
    expect(quiet.stderr).toMatch(
      /error: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\nhint: is the marketplace running/,
    );
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await run(['search', 'x', '--verbose'], { env: { MARKET_URL: url } });
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('applies flag > env > config file > default and says where each value came from', async () => {
    const config = join(dir.path, 'config.toml');
    writeFileSync(config, 'url = "http://from-file:1"\ncache-dir = "cache"\ntimeout = 5\n');
    const r = await run(['config', '--json', '--config', config, '--timeout', '7'], {
      env: { MARKET_URL: 'http://from-env:2' },
    });
    expect(r.code).toBe(0);
    const settings = Object.fromEntries(
      (r.json().settings as { key: string; value: unknown; source: string }[]).map((s) => [s.key, [s.value, s.source]]),
    );
    expect(settings).toEqual({
      url: ['http://from-env:2', 'env'],
      'cache-dir': [join(dir.path, 'cache'), 'config'],
      key: [join(dir.path, 'home', '.config', 'market', 'key.pem'), 'default'],
      timeout: [7, 'flag'],
      concurrency: [8, 'default'],
    });
    writeFileSync(config, 'registry = "http://x"\n');
    const bad = await run(['config', '--config', config]);
    expect(bad.code).toBe(8);
    expect(bad.stderr).toMatch(/unknown setting "registry"/);
    expect((await run(['config', '--config', join(dir.path, 'absent.toml')])).code).toBe(8);
  });

  it('keygen writes a 0600 key once; init scaffolds a pack that pack archives deterministically', async () => {
    const key = await run(['keygen', '--json', '--key', 'k/key.pem']);
    expect(key.code).toBe(0);
    expect(statSync(join(dir.path, 'k', 'key.pem')).mode & 0o777).toBe(0o600);
    expect((await run(['keygen', '--key', 'k/key.pem'])).code).toBe(5);

    const init = await run([
      'init',
      'p',
      '--name',
      'acme/p',
      '--dependency',
      'acme/base@^1.2.0',
      '--keyword',
      'x',
      '--json',
    ]);
    expect(init.code).toBe(0);
    expect(init.json().files).toEqual(['pack.toml', 'templates/hello.tmpl', 'README.md']);
    expect(readFileSync(join(dir.path, 'p', 'pack.toml'), 'utf8')).toMatch(/"acme\/base" = "\^1\.2\.0"/);
    expect((await run(['init', 'p', '--name', 'acme/p'])).code).toBe(5);
    expect((await run(['init', 'q', '--name', 'no-namespace'])).code).toBe(8);

    const first = (await run(['pack', 'p', '--json', '--out', 'p.tgz'])).json();
    const second = (await run(['pack', 'p', '--json'])).json();
    expect(second.sha256).toBe(first.sha256);
    expect(
      createHash('sha256')
        .update(readFileSync(join(dir.path, 'p.tgz')))
        .digest('hex'),
    ).toBe(first.sha256);
    writeFileSync(join(dir.path, 'p', 'templates', 'hello.tmpl'), 'changed');
    expect((await run(['pack', 'p', '--json'])).json().sha256).not.toBe(first.sha256);
  });
});
