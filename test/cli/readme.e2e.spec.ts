import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, tempDir } from '@market/testing';
import { startMarketplace, type RunningMarketplace } from '../e2e/support/marketplace.js';
import { expectExit, runMarket, shellWords, userEnv, type MarketRun } from './support/run-market.js';

const repo = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(repo, 'libs/cli/README.md'), 'utf8');

/** The ```sh blocks that follow an `<!-- executed -->` marker, as lines. */
const executedBlocks = (): string[][] =>
  [...readme.matchAll(/<!-- executed -->\s*```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]!.split('\n').filter((l) => l.trim() !== ''),
  );

/**
 * A newcomer's walk through libs/cli/README.md: every line of its executed blocks runs, in order,
 * against a fresh marketplace, with the example packs of examples/. The test itself starts the
 * marketplace and sets MARKET_URL; every `npx market` line must exit 0.
 */
describe('libs/cli/README.md, executed', () => {
  const dir = tempDir('market-readme');
  let market: RunningMarketplace;
  let env: NodeJS.ProcessEnv;
  const ran: { line: string; run: MarketRun }[] = [];

  beforeAll(async () => {
    market = await startMarketplace({ dataDir: join(dir.path, 'data'), port: await freePort() });
    mkdirSync(join(dir.path, 'home'));
    env = userEnv({
      home: join(dir.path, 'home'),
      url: market.url,
      cacheDir: join(dir.path, 'home', '.cache', 'market'),
    });
    mkdirSync(join(dir.path, 'clone'));
    cpSync(join(repo, 'examples'), join(dir.path, 'clone', 'examples'), { recursive: true });
  });

  afterAll(async () => {
    await market?.stop();
    dir.remove();
  });

  it('has the blocks this test runs', () => {
    expect(executedBlocks().length).toBeGreaterThanOrEqual(2);
  });

  it('runs every command of the quick start and the publishing walk-through', async () => {
    let cwd = join(dir.path, 'clone');
    for (const line of executedBlocks().flat()) {
      const words = shellWords(line);
      if (words.length === 0) continue;
      if (words[0] === 'npm' && words[1] === 'start') continue; // the test started the marketplace
      if (words[0] === 'export') {
        expect(words[1]).toMatch(/^MARKET_URL=http:\/\/127\.0\.0\.1:7100$/); // the default the docs promise
        continue;
      }
      if (words[0] === 'mkdir' && words[2] === '&&' && words[3] === 'cd') {
        cwd = join(cwd, words[1]!);
        mkdirSync(cwd, { recursive: true });
        continue;
      }
      expect(words.slice(0, 2), line).toEqual(['npx', 'market']);
      const run = await runMarket(words.slice(2), { cwd, env });
      expectExit(run, 0, line);
      ran.push({ line, run });
    }
    const output = (start: string) => ran.find((r) => r.line.startsWith(start))!.run;
    expect(existsSync(join(dir.path, 'home', '.config', 'market', 'key.pem'))).toBe(true);
    expect(output('npx market publish examples').stdout.match(/^published /gm)).toHaveLength(4);
    expect(output('npx market search rest').stdout).toMatch(/demo\/rest-api/);
    expect(output('npx market info demo/rest-api').stdout).toMatch(
      /signed by\s+key [0-9a-f]{32} \(Your Name <you@example.com>; namespaces demo\)/,
    );
    expect(output('npx market install demo/service-skeleton').stdout).toMatch(/installed 4 packs/);
    expect(output('npx market list').stdout).toMatch(
      /demo\/service-skeleton\s+1\.0\.0\s+market\.toml \^1\.0\.0\s+installed/,
    );
    expect(output('npx market install --frozen').stdout).toMatch(/0 downloaded.*4 from cache/);
    expect(output('npx market yank').stdout).toMatch(/yanked demo\/my-pack@0.1.0/);
    expect(output('npx market config').stdout).toMatch(/url\s+http:\/\/127\.0\.0\.1:\d+\s+env MARKET_URL/);
    const app = join(dir.path, 'clone', 'my-app');
    for (const pack of ['base-templates', 'domain-ontology', 'rest-api', 'service-skeleton']) {
      expect(existsSync(join(app, 'market_packs', 'demo', pack, 'pack.toml')), pack).toBe(true);
    }
    expect(existsSync(join(app, 'market_packs', 'demo', 'my-pack'))).toBe(false); // uninstalled at the end
  });
});
