import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, keyIdOf } from '@market/pack';
import { openSqliteEventStore } from '@market/event-store';
import { freePort, tempDir, waitUntil } from '@market/testing';
import { startMarketplace, type RunningMarketplace } from './support/marketplace.js';
import { buildPack, publish, type BuiltPack } from './support/pack-factory.js';
import { dumpReadModelFile } from './support/read-model-dump.js';

/** One GET on a connection of its own (no keep-alive pool), as a download client makes. */
const getOnNewConnection = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });

/**
 * The publication pipeline end to end, with real processes: nats-server, the relay and the five
 * services started by the launcher, driven over HTTP through the one base URL.
 */
const services = ['ingest', 'verify', 'storage', 'registry-projection', 'search-indexer'];
type Status = { status: 'pending' | 'published' | 'rejected'; reason?: string };

describe('publication pipeline (real processes)', () => {
  const dir = tempDir('market-e2e');
  let dataDir: string;
  let port: number;
  let market: RunningMarketplace;
  const acme = { ...generateSigningKey(), keyId: '' };
  const globex = { ...generateSigningKey(), keyId: '' };
  const published: BuiltPack[] = [];

  const url = () => market.url;
  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const status = async (id: string) => json<Status>(await fetch(`${url()}/v1/submissions/${id}`));
  const settle = async (ids: string[]) => {
    const done = new Map<string, Status>();
    await waitUntil(
      async () => {
        for (const id of ids) {
          if (done.has(id)) continue;
          const s = await status(id);
          if (s.status !== 'pending') done.set(id, s);
        }
        return done.size === ids.length;
      },
      { timeoutMs: 240_000, intervalMs: 250 },
    );
    return done;
  };
  const dumps = () =>
    Object.fromEntries(services.map((s) => [s, dumpReadModelFile(join(dataDir, s, 'read-model.sqlite'))]));

  beforeAll(async () => {
    dataDir = join(dir.path, 'data');
    port = await freePort();
    market = await startMarketplace({ dataDir, port });
    for (const [key, ns] of [
      [acme, 'acme'],
      [globex, 'globex'],
    ] as const) {
      const res = await fetch(`${url()}/v1/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey: key.publicKey, namespaces: [ns], owner: `${ns}-platform` }),
      });
      expect(res.status).toBe(201);
      key.keyId = (await json<{ keyId: string }>(res)).keyId;
      expect(key.keyId).toBe(keyIdOf(key.publicKey));
    }
  });

  afterAll(async () => {
    await market?.stop();
    dir.remove();
  });

  it('publishes 200 packs with a dependency graph: each searchable, resolvable and downloadable byte for byte', async () => {
    const specs: { name: string; version: string; dependencies: Record<string, string> }[] = [];
    for (let i = 0; i < 160; i++) {
      const ns = i % 4 === 3 ? 'globex' : 'acme';
      const deps: Record<string, string> = {};
      // Each pack depends on up to three earlier ones: a realistic, shared, acyclic graph.
      for (const j of [i - 1, Math.floor(i / 2), Math.floor(i / 3)]) {
        if (j >= 0 && j < i && i % 5 !== 0) deps[specs[j]!.name] = '^1.0.0';
      }
      specs.push({ name: `${ns}/pack-${String(i).padStart(3, '0')}`, version: '1.0.0', dependencies: deps });
    }
    for (let i = 0; i < 40; i++) specs.push({ ...specs[i * 4]!, version: '1.1.0' });
    const packs = await Promise.all(
      specs.map((s) => buildPack(dir.path, { ...s, keywords: ['templates', `kw${s.name.length % 7}`] })),
    );
    const ids: string[] = [];
    for (let i = 0; i < packs.length; i += 8) {
      const batch = packs.slice(i, i + 8);
      const answers = await Promise.all(
        batch.map((p) => publish(url(), p, p.name.startsWith('acme/') ? acme : globex)),
      );
      for (const a of answers) {
        expect(a.status, await a.clone().text()).toBe(202);
        ids.push((await json<{ submissionId: string }>(a)).submissionId);
      }
    }
    const outcomes = await settle(ids);
    expect([...outcomes.values()].filter((s) => s.status !== 'published')).toEqual([]);
    published.push(...packs);

    for (const p of packs.filter((_, i) => i % 10 === 0)) {
      const blob = await fetch(`${url()}/v1/blobs/sha256/${p.sha256}`);
      expect(blob.status).toBe(200);
      expect(Buffer.from(await blob.arrayBuffer()).equals(p.bytes)).toBe(true);
    }
    // A download that opens its own connection is handed to storage's process by the router
    // (ADR 0016): storage answers on it and closes it (a proxied answer would keep it alive).
    const first = packs[0]!;
    const handed = await getOnNewConnection(`${url()}/v1/blobs/sha256/${first.sha256}`, { range: 'bytes=3-40' });
    expect([handed.status, handed.headers.connection, handed.headers['content-range']]).toEqual([
      206,
      'close',
      `bytes 3-40/${first.size}`,
    ]);
    expect(handed.body.equals(first.bytes.subarray(3, 41))).toBe(true);
    const whole = await getOnNewConnection(`${url()}/v1/blobs/sha256/${first.sha256}`);
    expect([whole.status, whole.headers.connection, whole.body.equals(first.bytes)]).toEqual([200, 'close', true]);
    await waitUntil(
      async () => {
        const res = await json<{ total: number }>(await fetch(`${url()}/v1/search?q=pack&perPage=1`));
        return res.total === 160;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    for (const name of ['acme/pack-000', 'globex/pack-007', 'acme/pack-100']) {
      const res = await json<{ hits: { name: string }[] }>(
        await fetch(`${url()}/v1/search?q=${encodeURIComponent(name)}`),
      );
      expect(res.hits[0]?.name).toBe(name);
    }
    const resolved = await fetch(`${url()}/v1/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requirements: { 'acme/pack-158': '^1.0.0', 'acme/pack-004': '^1.0.0' } }),
    });
    expect(resolved.status).toBe(200);
    const graph = await json<{ resolved: Record<string, { version: string; sha256: string }> }>(resolved);
    expect(graph.resolved['acme/pack-004']?.version).toBe('1.1.0');
    expect(Object.keys(graph.resolved).length).toBeGreaterThan(5);
    for (const [name, v] of Object.entries(graph.resolved)) {
      const pack = packs.find((p) => p.name === name && p.version === v.version);
      expect(pack?.sha256).toBe(v.sha256);
    }
  });

  it('rejects a bad signature, a digest mismatch, a malformed manifest and a duplicate version, leaving no published trace', async () => {
    const good = await buildPack(dir.path, { name: 'acme/bad-sig', version: '1.0.0' });
    const other = await buildPack(dir.path, { name: 'acme/other', version: '9.9.9' });
    const badSig = await publish(url(), good, acme, {
      signature: await (async () => {
        const { signStatement, canonicalStatement } = await import('@market/pack');
        return signStatement(acme.privateKeyPem, canonicalStatement({ ...other }));
      })(),
    });
    expect(badSig.status).toBe(422);
    expect((await json<{ code: string }>(badSig)).code).toBe('signature_invalid');

    const mismatch = await publish(url(), good, acme, { sha256: 'a'.repeat(64) });
    expect(mismatch.status).toBe(422);

    const malformed = await buildPack(dir.path, {
      name: 'acme/malformed',
      version: '1.0.0',
      manifestOverride: '[pack]\nname = "acme/malformed"\nversion = "1.0.0"\nlicense = 42\n',
    });
    const res = await publish(url(), malformed, acme);
    expect(res.status).toBe(202);
    const { submissionId } = await json<{ submissionId: string }>(res);
    const outcome = (await settle([submissionId])).get(submissionId)!;
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'manifest_invalid' });

    const dup = await publish(url(), published[0]!, acme);
    expect(dup.status).toBe(409);

    for (const name of ['acme/bad-sig', 'acme/malformed']) {
      expect((await fetch(`${url()}/v1/packages/${name}`)).status).toBe(404);
      const hits = await json<{ hits: { name: string }[] }>(
        await fetch(`${url()}/v1/search?q=${encodeURIComponent(name)}`),
      );
      expect(hits.hits.map((h) => h.name)).not.toContain(name);
    }
  });

  it('survives SIGKILL of any service during a publish burst: nothing lost, nothing published twice', async () => {
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => buildPack(dir.path, { name: `acme/burst-${i}`, version: '1.0.0' })),
    );
    const ids: string[] = [];
    for (let i = 0; i < burst.length; i++) {
      const res = await publish(url(), burst[i]!, acme);
      expect(res.status).toBe(202);
      ids.push((await json<{ submissionId: string }>(res)).submissionId);
      if (i === 10) await market.killService('verify');
      if (i === 20) await market.killService('storage');
      if (i === 30) await market.killService('registry-projection');
    }
    const outcomes = await settle(ids);
    expect([...outcomes.values()].every((s) => s.status === 'published')).toBe(true);
    const store = openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const all = await store.readAll();
    await store.close();
    for (const id of ids) {
      const stored = all.filter(
        (e) => e.type === 'PackageVersionStored' && (e.data as { submissionId: string }).submissionId === id,
      );
      expect(stored).toHaveLength(1);
    }
    published.push(...burst);
  });

  it('restart of the whole stack and a rebuild of every read model give identical state', async () => {
    await waitUntil(async () => (await fetch(`${url()}/v1/packages/acme/burst-39`)).status === 200, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await market.stop();
    const before = dumps();
    market = await startMarketplace({ dataDir, port });
    await market.stop();
    expect(dumps()).toEqual(before);
    market = await startMarketplace({ dataDir, port, rebuild: true });
    const checkpoints = (d: Record<string, Record<string, unknown[]>>) =>
      JSON.stringify(Object.values(d).map((tables) => Object.entries(tables).filter(([t]) => /checkpoint/i.test(t))));
    await waitUntil(async () => checkpoints(dumps()) === checkpoints(before), { timeoutMs: 120_000, intervalMs: 250 });
    await market.stop();
    expect(dumps()).toEqual(before);
    market = await startMarketplace({ dataDir, port });
  });
});
