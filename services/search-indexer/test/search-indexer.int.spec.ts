import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePackageName } from '@market/contracts';
import { openSqliteEventStore, type SqliteEventStore } from '@market/event-store';
import { startRelay, type Relay } from '@market/relay';
import { startNatsServer, tempDir, waitUntil, type NatsServer, type TempDir } from '@market/testing';
import { importTsv } from '../src/bulk/import-tsv.js';
import { startSearchIndexerService, type SearchIndexerService } from '../src/search-indexer-service.js';
import type { SearchResult, Suggestion } from '../src/search/search-types.js';
import { deprecateEvent, unyankEvent, yankEvent } from '../src/testing/package-events.js';
import { CORPUS_TSV, corpusAvailable, type ImportedPackage, importedPackages } from './corpus.js';

const ROWS = 10_000;

/**
 * The whole service for real: nats-server, the SQLite event store, the relay, the first 10,000
 * rows of the corpus appended through the bulk path, the projection catching up, HTTP on a port.
 */
describe.skipIf(!corpusAvailable)(`search-indexer over the first ${ROWS} corpus rows (${CORPUS_TSV})`, () => {
  let dir: TempDir;
  let nats: NatsServer;
  let nc: NatsConnection;
  let store: SqliteEventStore;
  let relay: Relay;
  let service: SearchIndexerService;
  let packages: ImportedPackage[];

  beforeAll(async () => {
    dir = tempDir('search-indexer-int');
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite') });
    relay = await startRelay({ store, nats: nc });
    const report = await importTsv({ store, path: CORPUS_TSV, limit: ROWS, now: new Date('2025-11-01T00:00:00Z') });
    packages = importedPackages(ROWS);
    expect(report).toMatchObject({
      rows: ROWS,
      imported: packages.length,
      invalid: 0,
      existing: ROWS - packages.length,
    });
    service = await startSearchIndexerService({ store, nats: nc, dataDir: dir.path, port: 0 });
    // Polling position() rather than waitFor(): the bus's waitFor re-reads the store on every
    // step of a filtered consumer, which slows a 40,000-event catch-up to a crawl.
    await waitUntil(() => service.projection.position() >= report.lastPosition, {
      timeoutMs: 600_000,
      intervalMs: 250,
      message: `the projection to reach ${report.lastPosition}`,
    });
  }, 900_000);

  afterAll(async () => {
    await service?.stop();
    await relay?.stop();
    await nc?.close();
    await store?.close();
    await nats?.stop();
    dir?.remove();
  });

  const get = async (path: string) => {
    const response = await fetch(`${service.url}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (await response.json()) as unknown,
    };
  };
  const search = async (params: Record<string, string | number>) => {
    const { status, body } = await get(
      `/v1/search?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`,
    );
    expect(status, JSON.stringify(body)).toBe(200);
    return body as SearchResult;
  };
  const names = async (params: Record<string, string | number>) => (await search(params)).hits.map((h) => h.name);
  const appendAndWait = async (...events: Parameters<SqliteEventStore['append']>[1]) => {
    const { position } = await store.append(events[0]!.stream, events);
    await service.projection.waitFor(position, { timeoutMs: 30_000 });
  };
  /** The most downloaded imported package with this bare name (several namespaces may have one). */
  const topByBareName = (bare: string) =>
    packages
      .filter((p) => normalizePackageName(p.name.split('/')[1]!) === normalizePackageName(bare))
      .sort((a, b) => b.monthlyDownloads - a.monthlyDownloads)[0]!.name;

  it('ranks the package an exact name query names first (bare and ns/name)', async () => {
    for (const bare of [
      'semver',
      'debug',
      'chalk',
      'commander',
      'uuid',
      'glob',
      'ws',
      'lodash',
      'express',
      'typescript',
    ]) {
      expect(await names({ q: bare, perPage: 5 }), bare).toSatisfy((hits: string[]) => hits[0] === topByBareName(bare));
    }
    for (const full of ['types/node', 'babel/core', 'npm/semver', 'types/semver', 'types/react']) {
      expect((await names({ q: full, perPage: 5 }))[0], full).toBe(full);
    }
    expect((await names({ q: '@types/node' }))[0]).toBe('types/node');
  });

  it('still finds a package on the first page with one typo in its name', async () => {
    const cases: [string, string][] = [
      ['lodahs', 'npm/lodash'],
      ['expresss', 'npm/express'],
      ['typescirpt', 'npm/typescript'],
      ['commandr', 'npm/commander'],
      ['chlak', 'npm/chalk'],
      ['semvr', 'npm/semver'],
      ['webpak', 'npm/webpack'],
      ['recat', topByBareName('react')],
    ];
    for (const [typo, expected] of cases) expect(await names({ q: typo }), typo).toContain(expected);
  });

  it('matches the last term as a prefix', async () => {
    expect(await names({ q: 'expre' })).toContain('npm/express');
    expect(await names({ q: 'lod' })).toContain('npm/lodash');
    expect(await names({ q: 'react rou' })).toContain('npm/react-router');
  });

  it('filters, and counts facets over the matching set', async () => {
    const types = packages.filter((p) => p.name.startsWith('types/')).length;
    expect((await search({ namespace: 'types', perPage: 1 })).total).toBe(types);
    const eslint = await search({ q: 'eslint' });
    expect(eslint.facetsExact).toBe(true);
    for (const [category, count] of Object.entries(eslint.facets.categories).slice(0, 4)) {
      expect((await search({ q: 'eslint', category, perPage: 1 })).total, category).toBe(count);
    }
    for (const [namespace, count] of Object.entries(eslint.facets.namespaces).slice(0, 3)) {
      expect((await search({ q: 'eslint', namespace, perPage: 1 })).total, namespace).toBe(count);
    }
    const filtered = await search({ q: 'eslint', category: 'linting', keyword: 'plugin', perPage: 100 });
    expect(filtered.total).toBeGreaterThan(0);
    for (const hit of filtered.hits) {
      expect(hit.categories).toContain('linting');
      expect(hit.keywords).toContain('plugin');
    }
    const byAuthor = await search({ author: 'babel maintainers', perPage: 100 });
    expect(byAuthor.total).toBe(packages.filter((p) => p.name.startsWith('babel/')).length);
    // Empty q with a filter browses by downloads.
    const downloads = byAuthor.hits.map((h) => h.downloads);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
  });

  it('pages consistently: every match exactly once, in a stable order', async () => {
    // Over 1,000 matches: the count stops there (totalExact false), past the scored candidates the
    // order continues by popularity, and pages go on until the matches run out.
    const first = await search({ q: 'and', perPage: 100 });
    expect(first).toMatchObject({ total: 1_000, totalExact: false });
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const onPage = await names({ q: 'and', perPage: 100, page });
      seen.push(...onPage);
      if (onPage.length < 100) break;
    }
    expect(seen.length).toBeGreaterThan(1_000);
    expect(new Set(seen).size).toBe(seen.length);
    expect(await names({ q: 'and', perPage: 100, page: 1 })).toEqual(seen.slice(0, 100));
    expect(await names({ q: 'and', perPage: 30, page: 2 })).toEqual(seen.slice(30, 60));
    expect(await names({ q: 'and', perPage: 50, page: 20 })).toEqual(seen.slice(950, 1000));
    expect(await names({ q: 'and', perPage: 50, page: 23 })).toEqual(seen.slice(1100, 1150));
  });

  it('drops a package whose every version is yanked, and brings it back', async () => {
    const chalk = packages.find((p) => p.name === 'npm/chalk')!;
    const before = await search({ q: 'chalk' });
    await appendAndWait(yankEvent('npm/chalk', chalk.version));
    const after = await search({ q: 'chalk' });
    expect(after.hits.map((h) => h.name)).not.toContain('npm/chalk');
    expect(after.total).toBe(before.total - 1);
    await appendAndWait(unyankEvent('npm/chalk', chalk.version));
    expect((await names({ q: 'chalk' }))[0]).toBe('npm/chalk');
  });

  it('ranks a deprecated package lower', async () => {
    const before = await search({ q: 'webpack plugin' });
    const top = before.hits[0]!;
    await appendAndWait(deprecateEvent(top.name, top.version));
    const after = await search({ q: 'webpack plugin' });
    const moved = after.hits.findIndex((h) => h.name === top.name);
    expect(moved === -1 || moved > 0).toBe(true);
    expect(after.hits[0]!.name).not.toBe(top.name);
    const again = await search({ q: top.name });
    expect(again.hits[0]).toMatchObject({ name: top.name, deprecated: true });
  });

  it('suggests names by prefix', async () => {
    const { status, body } = await get('/v1/search/suggest?q=react-d');
    expect(status).toBe(200);
    expect((body as { suggestions: Suggestion[] }).suggestions.map((s) => s.name)).toContain('npm/react-dom');
  });

  it('answers hostile queries with 200 or a 400 problem, never an error, and stays up', async () => {
    const hostile = [
      'q=%22',
      'q=*',
      'q=NEAR(a%20b,%2010)',
      'q=a%20OR%20b%20NOT%20c',
      'q=%7Bname%7D%3Ax',
      'q=%5Ex%20%2B%20y',
      'q=col%3A%22a%22*',
      `q=${'x'.repeat(1999)}`,
      `q=${'ab%20'.repeat(600)}`,
      `q=${'x'.repeat(5000)}`,
      'q=%F0%9F%9A%80%20%E6%97%A5%E6%9C%AC%E8%AA%9E%20%C3%A9',
      'q=%00%01',
      'q=%ED%A0%80',
      'q=%',
      'q=%E0%A4%A',
      'q=a&q=b',
      'q[]=a',
      'page=0',
      'page=-1',
      'page=abc',
      'page=1e3',
      'perPage=101',
      'perPage=0',
      'page=200&perPage=100',
      'category=%22%20OR%20%22',
      'keyword=*&author=NEAR(',
      `namespace=${'n'.repeat(300)}`,
      'category=',
      'q=react&category=a&category=b&category=c&category=d&category=e&category=f&category=g&category=h&category=i&category=j&category=k',
    ];
    for (const query of hostile) {
      for (const path of ['/v1/search', '/v1/search/suggest']) {
        const response = await fetch(`${service.url}${path}?${query}`);
        expect([200, 400], `${path}?${query}`).toContain(response.status);
        if (response.status === 400) {
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          expect(await response.json()).toMatchObject({ status: 400, code: 'validation_failed' });
        } else await response.body?.cancel();
      }
    }
    expect((await get('/v1/health')).status).toBe(200);
    expect((await names({ q: 'semver' }))[0]).toBe('npm/semver');
  });
});
