import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '@market/pack';
import { freePort, tempDir } from '@market/testing';
import { startMarketplace, type RunningMarketplace } from '../e2e/support/marketplace.js';
import { fileTree } from './support/file-tree.js';
import { expectExit, runMarket, userEnv } from './support/run-market.js';
import { startTamperingProxy, type TamperingProxy } from './support/tampering-proxy.js';

/**
 * The acceptance walk of issue 4 through the real binary and a real marketplace: a publisher
 * scaffolds, signs and publishes a 30-pack graph with shared dependencies and semver ranges; a
 * consumer searches, installs, gets a lockfile, re-installs from it on a clean cache with
 * identical bytes, updates when a compatible version appears, and is refused when a digest or
 * a signature is tampered with on the server side or in the cache, with the previous
 * installation left untouched.
 */
const PACKS = 30;
const nameOf = (i: number) => `graph/p${String(i).padStart(2, '0')}`;

/** Each pack depends on up to three earlier ones (shared, acyclic); ranges of several kinds. */
const dependenciesOf = (i: number): Record<string, string> => {
  const deps: Record<string, string> = {};
  for (const j of new Set([i - 1, Math.floor(i / 2), Math.floor(i / 3)])) {
    if (j < 0 || j >= i || i % 7 === 0) continue;
    // p00 gets a caret range from everyone, so its 1.1.0 is wanted everywhere.
    deps[nameOf(j)] = j === 0 ? '^1.0.0' : ['^1.0.0', '~1.0.0', '>=1.0.0 <2.0.0', '1.x'][(i + j) % 4]!;
  }
  return deps;
};

const closureOf = (roots: number[]): Set<string> => {
  const seen = new Set<string>();
  const visit = (i: number) => {
    if (seen.has(nameOf(i))) return;
    seen.add(nameOf(i));
    for (const dep of Object.keys(dependenciesOf(i))) visit(Number(dep.slice(-2)));
  };
  roots.forEach(visit);
  return seen;
};

const mapLimit = async <T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
};

type InstallJson = {
  packages: { name: string; version: string; source: string }[];
  changed: { name: string; from: string; to: string }[];
  removed: { name: string }[];
  downloaded: number;
  fromCache: number;
};
type ErrorJson = { error: { code: string; message: string; hint?: string; exitCode: number } };
type Lock = {
  requirements: Record<string, string>;
  packages: Record<string, { version: string; sha256: string; keyId: string; dependencies: Record<string, string> }>;
};

describe('market CLI: a 30-pack graph, end to end', () => {
  const dir = tempDir('market-cli-graph');
  const root = dir.path;
  let market: RunningMarketplace;
  let proxy: TamperingProxy;
  let publisher: NodeJS.ProcessEnv;
  let keyId: string;
  const consumer = (cache: string, url?: string) =>
    userEnv({ home: join(root, 'consumer'), url: url ?? market.url, cacheDir: join(root, cache) });
  const project = (name: string) => {
    const path = join(root, 'projects', name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const snapshot = (path: string) => ({
    packs: existsSync(join(path, 'market_packs')) ? fileTree(join(path, 'market_packs')) : null,
    lock: existsSync(join(path, 'market.lock')) ? readFileSync(join(path, 'market.lock'), 'utf8') : null,
    manifest: existsSync(join(path, 'market.toml')) ? readFileSync(join(path, 'market.toml'), 'utf8') : null,
  });
  const roots = [29, 17];
  const expected = closureOf(roots);

  beforeAll(async () => {
    market = await startMarketplace({ dataDir: join(root, 'data'), port: await freePort() });
    proxy = await startTamperingProxy(market.url);
    mkdirSync(join(root, 'publisher'));
    mkdirSync(join(root, 'consumer'));
    publisher = userEnv({ home: join(root, 'publisher'), url: market.url, cacheDir: join(root, 'publisher-cache') });
    const keygen = expectExit(await runMarket(['keygen', '--json'], { cwd: root, env: publisher }), 0, 'keygen');
    keyId = keygen.json<{ keyId: string }>().keyId;
    const keyFile = join(root, 'publisher', '.config', 'market', 'key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expectExit(
      await runMarket(['key', 'register', '--namespace', 'graph', '--owner', 'Graph Team'], {
        cwd: root,
        env: publisher,
      }),
      0,
      'key register',
    );
  });

  afterAll(async () => {
    await proxy?.close();
    await market?.stop();
    dir.remove();
  });

  it('a publisher scaffolds, signs and publishes 30 packs with shared dependencies and semver ranges', async () => {
    const packsDir = join(root, 'packs');
    mkdirSync(packsDir, { recursive: true });
    await mapLimit([...Array(PACKS).keys()], 3, async (i) => {
      const args = [
        'init',
        `p${String(i).padStart(2, '0')}`,
        '--name',
        nameOf(i),
        '--version',
        '1.0.0',
        '--keyword',
        'graph',
        '--category',
        i % 2 ? 'codegen' : 'ontology',
        '--description',
        `Graph pack number ${i}`,
      ];
      for (const [dep, range] of Object.entries(dependenciesOf(i))) args.push('--dependency', `${dep}@${range}`);
      expectExit(await runMarket(args, { cwd: packsDir, env: publisher }), 0, `init ${nameOf(i)}`);
    });

    // The same directory always gives the same archive.
    const packed = await Promise.all(
      [0, 1].map(() => runMarket(['pack', 'p05', '--json'], { cwd: packsDir, env: publisher })),
    );
    expect(packed[0]!.json<{ sha256: string }>().sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(packed[0]!.json()).toEqual(packed[1]!.json());

    // Given in reverse: the CLI publishes dependencies first.
    const dirs = [...Array(PACKS).keys()].reverse().map((i) => `p${String(i).padStart(2, '0')}`);
    const publish = expectExit(
      await runMarket(['publish', ...dirs, '--json'], { cwd: packsDir, env: publisher }),
      0,
      'publish',
    );
    const results = publish.json<{ packs: { name: string; status: string; keyId: string }[] }>().packs;
    expect(results.map((r) => r.status)).toEqual(Array(PACKS).fill('published'));
    const position = new Map(results.map((r, i) => [r.name, i]));
    for (let i = 0; i < PACKS; i++)
      for (const dep of Object.keys(dependenciesOf(i)))
        expect(position.get(dep)!).toBeLessThan(position.get(nameOf(i))!);
    expect(new Set(results.map((r) => r.keyId))).toEqual(new Set([keyId]));

    // Publishing the same version again is refused with a clear reason (exit 5).
    const again = await runMarket(['publish', 'p03', '--json'], { cwd: packsDir, env: publisher });
    expect(again.code).toBe(5);
    expect(again.json<ErrorJson>().error).toMatchObject({ code: 'version_exists', exitCode: 5 });
    expect(again.stderr).toMatch(/hint: name@version is immutable/);
  });

  it('a consumer searches, reads the details, installs and gets a lockfile', async () => {
    const search = expectExit(
      await runMarket(['search', 'graph', '--keyword', 'graph', '--per-page', '50', '--json'], {
        cwd: root,
        env: consumer('cache-a'),
      }),
      0,
      'search',
    );
    const found = search.json<{ total: number; hits: { name: string }[] }>();
    expect(found.total).toBe(PACKS);
    expect(new Set(found.hits.map((h) => h.name))).toEqual(new Set([...Array(PACKS).keys()].map(nameOf)));
    const table = expectExit(
      await runMarket(['search', 'graph', '--category', 'codegen'], { cwd: root, env: consumer('cache-a') }),
      0,
      'search table',
    );
    expect(table.stdout).toMatch(/^NAME\s+VERSION\s+DOWNLOADS\s+DESCRIPTION/m);
    expect(table.stdout).toMatch(/graph\/p01\s+1\.0\.0/);
    expect(table.stdout).not.toMatch(/graph\/p02\s/); // p02 is in "ontology"

    const info = expectExit(
      await runMarket(['info', nameOf(29), '--json'], { cwd: root, env: consumer('cache-a') }),
      0,
      'info',
    );
    const details = info.json<{
      selected: { version: string; dependencies: Record<string, string> };
      signer: { keyId: string; owner: string };
    }>();
    expect(details.selected.dependencies).toEqual(dependenciesOf(29));
    expect(details.signer).toMatchObject({ keyId, owner: 'Graph Team' });

    const a = project('a');
    const install = expectExit(
      await runMarket(['install', nameOf(29), `${nameOf(17)}@^1.0.0`, '--json'], { cwd: a, env: consumer('cache-a') }),
      0,
      'install',
    );
    const report = install.json<InstallJson>();
    expect(new Set(report.packages.map((p) => p.name))).toEqual(expected);
    expect(report.downloaded).toBe(expected.size);
    const lock = JSON.parse(readFileSync(join(a, 'market.lock'), 'utf8')) as Lock;
    expect(lock.requirements).toEqual({ [nameOf(29)]: '^1.0.0', [nameOf(17)]: '^1.0.0' });
    expect(new Set(Object.keys(lock.packages))).toEqual(expected);
    for (const [name, p] of Object.entries(lock.packages)) {
      expect(p).toMatchObject({ version: '1.0.0', keyId, dependencies: dependenciesOf(Number(name.slice(-2))) });
      const [ns, local] = name.split('/');
      expect(readFileSync(join(a, 'market_packs', ns!, local!, 'templates', 'hello.tmpl'), 'utf8')).toContain(name);
    }
    expect(readFileSync(join(a, 'market.toml'), 'utf8')).toMatch(/"graph\/p29" = "\^1\.0\.0"/);
    const list = expectExit(await runMarket(['list', '--json'], { cwd: a, env: consumer('cache-a') }), 0, 'list').json<{
      packages: { name: string; direct: boolean; installed: boolean }[];
    }>();
    expect(
      list.packages
        .filter((p) => p.direct)
        .map((p) => p.name)
        .sort(),
    ).toEqual([nameOf(17), nameOf(29)]);
    expect(list.packages.every((p) => p.installed)).toBe(true);
  });

  it('re-installs from the lockfile on a clean cache with identical bytes; a warm cache downloads nothing', async () => {
    const a = join(root, 'projects', 'a');
    const b = project('b');
    copyFileSync(join(a, 'market.toml'), join(b, 'market.toml'));
    copyFileSync(join(a, 'market.lock'), join(b, 'market.lock'));
    const cold = expectExit(
      await runMarket(['install', '--frozen', '--json'], { cwd: b, env: consumer('cache-b') }),
      0,
      'frozen install, clean cache',
    );
    expect(cold.json<InstallJson>()).toMatchObject({ downloaded: expected.size, fromCache: 0 });
    expect(fileTree(join(b, 'market_packs'))).toEqual(fileTree(join(a, 'market_packs')));
    expect(readFileSync(join(b, 'market.lock'), 'utf8')).toBe(readFileSync(join(a, 'market.lock'), 'utf8'));

    const c = project('c');
    copyFileSync(join(a, 'market.toml'), join(c, 'market.toml'));
    copyFileSync(join(a, 'market.lock'), join(c, 'market.lock'));
    const warm = expectExit(
      await runMarket(['install', '--frozen', '--json'], { cwd: c, env: consumer('cache-a') }),
      0,
      'frozen install, warm cache',
    );
    expect(warm.json<InstallJson>()).toMatchObject({ downloaded: 0, fromCache: expected.size });
    expect(fileTree(join(c, 'market_packs'))).toEqual(fileTree(join(a, 'market_packs')));
  });

  it('shows and installs a new compatible version of a shared dependency', async () => {
    const p00 = join(root, 'packs', 'p00');
    writeFileSync(
      join(p00, 'pack.toml'),
      readFileSync(join(p00, 'pack.toml'), 'utf8').replace('version = "1.0.0"', 'version = "1.1.0"'),
    );
    writeFileSync(join(p00, 'templates', 'hello.tmpl'), '// graph/p00 1.1.0: a better template\n');
    const published = expectExit(
      await runMarket(['publish', 'p00', '--json'], { cwd: join(root, 'packs'), env: publisher }),
      0,
      'publish 1.1.0',
    );
    expect(published.json<{ packs: { status: string; version: string }[] }>().packs[0]).toMatchObject({
      status: 'published',
      version: '1.1.0',
    });

    const a = join(root, 'projects', 'a');
    const outdated = expectExit(
      await runMarket(['outdated', '--json'], { cwd: a, env: consumer('cache-a') }),
      0,
      'outdated',
    );
    expect(outdated.json<{ outdated: unknown[] }>().outdated).toEqual([
      { name: nameOf(0), current: '1.0.0', wanted: '1.1.0', latest: '1.1.0', direct: false },
    ]);

    const update = expectExit(await runMarket(['update', '--json'], { cwd: a, env: consumer('cache-a') }), 0, 'update');
    const report = update.json<InstallJson>();
    expect(report.changed).toEqual([{ name: nameOf(0), from: '1.0.0', to: '1.1.0' }]);
    expect(report.downloaded).toBe(1);
    expect(readFileSync(join(a, 'market_packs', 'graph', 'p00', 'templates', 'hello.tmpl'), 'utf8')).toMatch(/1\.1\.0/);
    const lock = JSON.parse(readFileSync(join(a, 'market.lock'), 'utf8')) as Lock;
    expect(lock.packages[nameOf(0)]!.version).toBe('1.1.0');
    expect(
      expectExit(await runMarket(['outdated'], { cwd: a, env: consumer('cache-a') }), 0, 'outdated after').stdout,
    ).toMatch(/all packs are up to date/);
  });

  it('install --frozen refuses a lockfile that no longer matches market.toml', async () => {
    const b = join(root, 'projects', 'b');
    const before = snapshot(b);
    writeFileSync(join(b, 'market.toml'), `${before.manifest!}"graph/p03" = "^1.0.0"\n`);
    const run = await runMarket(['install', '--frozen', '--json'], { cwd: b, env: consumer('cache-b') });
    expect(run.code).toBe(8);
    expect(run.json<ErrorJson>().error).toMatchObject({ code: 'lockfile_outdated', exitCode: 8 });
    expect(run.json<ErrorJson>().error.message).toMatch(/graph\/p03 added/);
    expect(run.stderr).toMatch(/hint: run `market install` to update market\.lock/);
    expect(fileTree(join(b, 'market_packs'))).toEqual(before.packs);
  });

  it('refuses an archive modified in the cache, and installs nothing', async () => {
    const lock = JSON.parse(readFileSync(join(root, 'projects', 'a', 'market.lock'), 'utf8')) as Lock;
    const sha = lock.packages[nameOf(29)]!.sha256;
    const cached = join(root, 'cache-a', 'sha256', sha.slice(0, 2), `${sha}.tgz`);
    const original = readFileSync(cached);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 0xff;
    writeFileSync(cached, tampered);
    try {
      const d = project('d');
      const run = await runMarket(['install', nameOf(29), '--json'], { cwd: d, env: consumer('cache-a') });
      expect(run.code).toBe(6);
      expect(run.json<ErrorJson>().error).toMatchObject({ code: 'cache_corrupt', exitCode: 6 });
      expect(run.stderr).toMatch(
        new RegExp(`error: cached archive .*${sha}\\.tgz has SHA-256 [0-9a-f]{64}, expected ${sha}`),
      );
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
      expect(readdirSync(d)).toEqual([]);
    } finally {
      writeFileSync(cached, original);
    }
  });

  it('refuses a signature or a digest altered by the registry, and leaves the previous installation untouched', async () => {
    const a = join(root, 'projects', 'a');
    const before = snapshot(a);
    const target = nameOf(9);
    expect(expected.has(target)).toBe(true);
    const entryOf = (path: string, doc: Record<string, unknown>): Record<string, unknown> | undefined => {
      if (path === '/v1/resolve') return (doc.resolved as Record<string, Record<string, unknown>>)[target];
      if (path.startsWith(`/v1/packages/${target}/versions/`)) return doc;
      return undefined;
    };
    const flip = (s: string) => `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    const cases: { what: string; args: string[]; tamper: (entry: Record<string, unknown>) => void; code: string }[] = [
      {
        what: 'signature in the resolution',
        args: ['install', nameOf(3)],
        tamper: (e) => (e.signature = flip(e.signature as string)),
        code: 'signature_invalid',
      },
      {
        what: 'sha256 in the resolution',
        args: ['install', nameOf(3)],
        tamper: (e) => (e.sha256 = 'f'.repeat(64)),
        code: 'signature_invalid',
      },
      {
        what: 'signature against the lockfile',
        args: ['install', '--frozen'],
        tamper: (e) => (e.signature = flip(e.signature as string)),
        code: 'lock_mismatch',
      },
    ];
    for (const c of cases) {
      proxy.tamper = (path, doc) => {
        const entry = entryOf(path, doc);
        if (entry) c.tamper(entry);
      };
      const run = await runMarket([...c.args, '--json'], { cwd: a, env: consumer('cache-a', proxy.url) });
      expect(run.code, `${c.what}\n${run.stderr}`).toBe(6);
      expect(run.json<ErrorJson>().error.code, c.what).toBe(c.code);
      expect(run.stderr).toMatch(/hint: .*previous installation is untouched|hint: a published version never changes/);
      expect(snapshot(a), c.what).toEqual(before);
    }

    // A registry that hands out another public key under the signer's key id.
    const impostor = generateSigningKey();
    proxy.tamper = (path, doc) => {
      if (path.startsWith('/v1/keys/')) doc.publicKey = impostor.publicKey;
    };
    const fresh = project('e');
    const run = await runMarket(['install', nameOf(5), '--json'], { cwd: fresh, env: consumer('cache-e', proxy.url) });
    expect(run.code).toBe(6);
    expect(run.json<ErrorJson>().error.code).toBe('key_mismatch');
    expect(readdirSync(fresh)).toEqual([]);
    proxy.tamper = undefined;
  });

  it('refuses archive bytes altered in the registry storage, on a clean cache', async () => {
    const lock = JSON.parse(readFileSync(join(root, 'projects', 'a', 'market.lock'), 'utf8')) as Lock;
    const sha = lock.packages[nameOf(15)]!.sha256;
    const blob = join(root, 'data', 'blobs', 'sha256', sha);
    const original = readFileSync(blob);
    const tampered = Buffer.from(original);
    tampered[20] = tampered[20]! ^ 0x01;
    writeFileSync(blob, tampered);
    try {
      const f = project('f');
      const run = await runMarket(['install', nameOf(15), '--json'], { cwd: f, env: consumer('cache-f') });
      expect(run.code).toBe(6);
      expect(run.json<ErrorJson>().error).toMatchObject({ code: 'digest_mismatch', exitCode: 6 });
      expect(run.json<ErrorJson>().error.message).toMatch(
        new RegExp(`graph/p15@1\\.0\\.0: downloaded archive has SHA-256 [0-9a-f]{64}, expected ${sha}`),
      );
      expect(readdirSync(f)).toEqual([]);
      expect(existsSync(join(root, 'cache-f', 'sha256', sha.slice(0, 2), `${sha}.tgz`))).toBe(false);
    } finally {
      writeFileSync(blob, original);
    }
  });

  it('uninstall drops what only that pack needed and keeps every other version as locked', async () => {
    const a = join(root, 'projects', 'a');
    const before = JSON.parse(readFileSync(join(a, 'market.lock'), 'utf8')) as Lock;
    const run = expectExit(
      await runMarket(['uninstall', nameOf(17), '--json'], { cwd: a, env: consumer('cache-a') }),
      0,
      'uninstall',
    );
    const after = JSON.parse(readFileSync(join(a, 'market.lock'), 'utf8')) as Lock;
    const keep = closureOf([29]);
    expect(new Set(Object.keys(after.packages))).toEqual(keep);
    for (const name of keep) expect(after.packages[name]).toEqual(before.packages[name]);
    expect(new Set(run.json<InstallJson>().removed.map((r) => r.name))).toEqual(
      new Set([...closureOf([17])].filter((n) => !keep.has(n))),
    );
    expect(readFileSync(join(a, 'market.toml'), 'utf8')).not.toMatch(/p17/);
  });
});
