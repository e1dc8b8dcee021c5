import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DomainEvent } from '@market/contracts';
import { openSqliteEventStore, type SqliteEventStore } from '@market/event-store';
import { startRelay, type Relay } from '@market/relay';
import { startNatsServer, tempDir, type NatsServer, type TempDir } from '@market/testing';
import { connect, type NatsConnection } from 'nats';
import { dumpReadModel } from './read-model/dump-read-model.js';
import { startRegistryService, type RegistryService } from './registry-service.js';
import {
  deprecateEvent,
  distTagSetEvent,
  keyRegisteredEvent,
  publishEvents,
  rejectedEvents,
  yankEvent,
} from './testing/package-event-builders.js';

const KEY = 'abcdef0123456789';
const at = (iso: string) => new Date(iso);

describe('registry-projection service (nats + relay + SQLite store + HTTP)', () => {
  let dir: TempDir;
  let nats: NatsServer;
  let nc: NatsConnection;
  let store: SqliteEventStore;
  let relay: Relay;
  let service: RegistryService;
  let head = 0n;

  /** Appends like the producers do (one stream at a time), then waits for the projection to get there. */
  const append = async (...events: DomainEvent[]) => {
    for (const event of events)
      head = (await store.append(event.stream, [event], { expectedRevision: 'any' })).position;
    await service.projection.waitFor(head, { timeoutMs: 20_000 });
  };
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, any>,
    };
  };
  const post = async (path: string, body: string, contentType = 'application/json') => {
    const res = await fetch(`${service.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, any>,
    };
  };
  const start = (rebuild = false) => startRegistryService({ store, nats: nc, dataDir: dir.path, port: 0, rebuild });

  beforeAll(async () => {
    dir = tempDir('registry-service');
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite') });
    relay = await startRelay({ store, nats: nc });
    service = await start();
    await append(
      keyRegisteredEvent(KEY, ['acme'], 'ada', at('2025-01-01T00:00:00Z')),
      ...publishEvents({ name: 'acme/base', version: '1.0.0', at: at('2025-01-02T00:00:00Z') }),
      ...publishEvents({ name: 'acme/base', version: '1.1.0', at: at('2025-01-03T00:00:00Z') }),
      ...publishEvents({ name: 'acme/base', version: '2.0.0', at: at('2025-01-04T00:00:00Z') }),
      ...publishEvents({
        name: 'Acme/HTTP_Client',
        version: '1.0.0',
        dependencies: { 'acme/base': '^1.0.0' },
        at: at('2025-01-05T00:00:00Z'),
      }),
      ...publishEvents({
        name: 'acme/http-client',
        version: '1.1.0',
        dependencies: { 'acme/base': '<2.0.0' },
        at: at('2025-01-06T00:00:00Z'),
      }),
      ...publishEvents({
        name: 'acme/app',
        version: '1.0.0',
        dependencies: { 'acme/http-client': '^1.0.0', 'acme/base': '^1.0.0' },
        at: at('2025-01-07T00:00:00Z'),
      }),
      ...rejectedEvents({ name: 'acme/app', version: '1.1.0', at: at('2025-01-08T00:00:00Z') }),
      ...publishEvents({ name: 'acme/app', version: '2.0.0', at: at('2025-01-09T00:00:00Z') }).slice(0, 2), // verified, not stored
      yankEvent('acme/base', '1.1.0', 'CVE-2025-0001', at('2025-02-01T00:00:00Z')),
      deprecateEvent('acme/base', '1.0.0', 'please upgrade', at('2025-02-02T00:00:00Z')),
      distTagSetEvent('acme/base', 'lts', '1.0.0', at('2025-02-03T00:00:00Z')),
    );
  });

  afterAll(async () => {
    await service?.stop();
    await relay?.stop();
    await nc?.drain();
    await store?.close();
    await nats?.stop();
    dir?.remove();
  });

  it('serves a package under any look-alike spelling, published versions only', async () => {
    const { status, body } = await get('/v1/packages/ACME/http.client');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'Acme/HTTP_Client',
      normalizedName: 'acme/http-client',
      latest: '1.1.0',
      dependents: 1,
    });
    expect(body.versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect(body.versions[1]).toMatchObject({
      publishedAt: '2025-01-06T00:00:00.000Z',
      size: expect.any(Number),
      keyId: KEY,
      dependencies: { 'acme/base': '<2.0.0' },
    });

    const app = await get('/v1/packages/acme/app');
    expect(app.body.versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0']);
    expect((await get('/v1/packages/acme/app/versions/2.0.0')).status).toBe(404);

    const base = await get('/v1/packages/acme/base');
    expect(base.body).toMatchObject({ latest: '2.0.0', distTags: { latest: '2.0.0', lts: '1.0.0' }, dependents: 2 });
    expect(base.body.versions.map((v: any) => [v.version, v.yanked, v.yankedReason, v.deprecated])).toEqual([
      ['1.0.0', false, null, 'please upgrade'],
      ['1.1.0', true, 'CVE-2025-0001', null],
      ['2.0.0', false, null, null],
    ]);
  });

  it('tags the package document with a strong ETag and answers a revalidation with 304', async () => {
    const first = await fetch(`${service.url}/v1/packages/acme/base`);
    const etag = first.headers.get('etag');
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(etag).toMatch(/^"[\w-]+\.\d+"$/);
    const again = await fetch(`${service.url}/v1/packages/ACME/Base`, {
      headers: { 'if-none-match': `W/"x", ${etag}` },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const stale = await fetch(`${service.url}/v1/packages/acme/base`, { headers: { 'if-none-match': '"stale.0"' } });
    expect(stale.status).toBe(200);
    expect(await stale.json()).toEqual(await first.json());
    const head = await fetch(`${service.url}/v1/packages/acme/base`, { method: 'HEAD' });
    expect([head.status, head.headers.get('etag')]).toEqual([200, etag]);
  });

  it('serves one version and one key; unknown ones are 404 problem+json', async () => {
    const v = await get('/v1/packages/acme/base/versions/1.0.0');
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      name: 'acme/base',
      version: '1.0.0',
      license: 'MIT',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const key = await get(`/v1/keys/${KEY}`);
    expect(key.body).toEqual({
      keyId: KEY,
      publicKey: expect.any(String),
      namespaces: ['acme'],
      owner: 'ada',
      registeredAt: '2025-01-01T00:00:00.000Z',
    });
    for (const path of [
      '/v1/packages/acme/nope',
      '/v1/packages/acme/base/versions/9.9.9',
      '/v1/keys/0123456789abcdef',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.code).toBe('not_found');
    }
  });

  it('answers as of a time by folding the stream: before and after a yank', async () => {
    const before = await get('/v1/packages/acme/base?asOf=2025-01-15T00:00:00Z');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      asOf: '2025-01-15T00:00:00.000Z',
      latest: '2.0.0',
      distTags: { latest: '2.0.0' },
      dependents: null,
    });
    expect(before.body.versions.map((v: any) => [v.version, v.yanked, v.deprecated])).toEqual([
      ['1.0.0', false, null],
      ['1.1.0', false, null],
      ['2.0.0', false, null],
    ]);
    const after = await get('/v1/packages/acme/base?asOf=2025-02-01T12:00:00%2B01:00');
    expect(after.body.versions.map((v: any) => [v.version, v.yanked])).toEqual([
      ['1.0.0', false],
      ['1.1.0', true],
      ['2.0.0', false],
    ]);
    const early = await get('/v1/packages/acme/base?asOf=2025-01-03T00:00:00Z');
    expect(early.body.versions.map((v: any) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect((await get('/v1/packages/acme/base?asOf=2024-12-31T00:00:00Z')).status).toBe(404);
    // as of now equals the live view (but for dependents, which one stream cannot give)
    const now = await get(`/v1/packages/acme/base?asOf=${encodeURIComponent(new Date().toISOString())}`);
    const { asOf: _asOf, ...nowView } = now.body;
    expect(nowView).toEqual({ ...(await get('/v1/packages/acme/base')).body, dependents: null });
  });

  it('serves the audit log from the package stream, paginated', async () => {
    const first = await get('/v1/packages/acme/app/history?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: any) => e.type)).toEqual([
      'PackageVersionSubmitted',
      'PackageVersionVerified',
      'PackageVersionStored',
    ]);
    expect(first.body.events[0]).toMatchObject({
      position: expect.stringMatching(/^\d+$/),
      revision: '0',
      occurredAt: '2025-01-07T00:00:00.000Z',
      actor: `key:${KEY}`,
      correlationId: expect.any(String),
      data: { name: 'acme/app', version: '1.0.0' },
    });
    expect(first.body.nextFrom).toBe('3');
    const rest = await get(`/v1/packages/acme/app/history?from=${first.body.nextFrom}&limit=100`);
    expect(rest.body.events.map((e: any) => e.type)).toEqual([
      'PackageVersionSubmitted',
      'PackageVersionRejected',
      'PackageVersionSubmitted',
      'PackageVersionVerified',
    ]);
    expect(rest.body.nextFrom).toBeNull();
    expect((await get('/v1/packages/acme/ghost/history')).status).toBe(404);
  });

  it('resolves transitively with digests and signatures, and explains conflicts', async () => {
    const ok = await post('/v1/resolve', JSON.stringify({ requirements: { 'Acme/App': '^1.0.0' } }));
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body.resolved)).toEqual(['acme/app', 'acme/base', 'acme/http-client']);
    // 1.1.0 is yanked: base resolves to 1.0.0 under http-client's <2.0.0
    expect(ok.body.resolved['acme/base']).toMatchObject({
      version: '1.0.0',
      sha256: expect.any(String),
      blake3: expect.any(String),
      size: expect.any(Number),
      keyId: KEY,
      signature: expect.any(String),
      dependencies: {},
    });
    expect(ok.body.resolved['acme/http-client']).toMatchObject({
      version: '1.1.0',
      dependencies: { 'acme/base': '<2.0.0' },
    });

    const bad = await post(
      '/v1/resolve',
      JSON.stringify({ requirements: { 'acme/app': '^1.0.0', 'acme/base': '^2.0.0' } }),
    );
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.code).toBe('unsatisfiable');
    expect(bad.body.detail).toContain('acme/base: ^2.0.0 (root) vs ^1.0.0 (acme/app@1.0.0)');
    expect(bad.body.conflicts[0]).toMatchObject({ kind: 'conflicting_ranges', name: 'acme/base' });
  });

  it('answers hostile input with 4xx problem+json and stays up', async () => {
    type Response = { status: number; type: string; body: Record<string, any> };
    const cases: [string, () => Promise<Response>, number][] = [
      ['bad namespace', () => get('/v1/packages/-acme/base'), 400],
      ['name with spaces', () => get('/v1/packages/ac%20me/base'), 400],
      ['dot-dot', () => get('/v1/packages/../base'), 404],
      ['bad version', () => get('/v1/packages/acme/base/versions/1.0'), 400],
      ['bad asOf', () => get('/v1/packages/acme/base?asOf=yesterday'), 400],
      ['asOf without zone', () => get('/v1/packages/acme/base?asOf=2025-01-01T00:00:00'), 400],
      ['repeated asOf', () => get('/v1/packages/acme/base?asOf=2025-01-01T00:00:00Z&asOf=2025-01-02T00:00:00Z'), 400],
      ['bad history limit', () => get('/v1/packages/acme/base/history?limit=100000'), 400],
      ['bad history from', () => get('/v1/packages/acme/base/history?from=-1'), 400],
      ['bad key id', () => get('/v1/keys/not-hex'), 400],
      ['malformed JSON', () => post('/v1/resolve', '{"requirements": {'), 400],
      ['not an object', () => post('/v1/resolve', '[1,2,3]'), 400],
      ['no requirements', () => post('/v1/resolve', '{"requirements": {}}'), 400],
      ['bad range', () => post('/v1/resolve', '{"requirements": {"acme/base": "not a range"}}'), 400],
      ['bad requirement name', () => post('/v1/resolve', '{"requirements": {"no-slash": "^1.0.0"}}'), 400],
      ['unknown field', () => post('/v1/resolve', '{"requirements": {"acme/base": "*"}, "x": 1}'), 400],
      ['prototype pollution', () => post('/v1/resolve', '{"requirements": {"__proto__": {"x": 1}}}'), 400],
      ['text body', () => post('/v1/resolve', 'hello', 'text/plain'), 400],
      ['unsupported media type', () => post('/v1/resolve', '<x/>', 'application/xml'), 415],
      [
        'too many requirements',
        () =>
          post(
            '/v1/resolve',
            JSON.stringify({
              requirements: Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`acme/p${i}`, '*'])),
            }),
          ),
        400,
      ],
      [
        'huge body',
        () =>
          post(
            '/v1/resolve',
            JSON.stringify({
              requirements: Object.fromEntries(
                Array.from({ length: 60_000 }, (_, i) => [`acme/package-number-${i}`, '>=1.0.0']),
              ),
            }),
          ),
        413,
      ],
    ];
    for (const [what, request, status] of cases) {
      const res = await request();
      expect(res.status, what).toBe(status);
      expect(res.type, what).toContain('application/problem+json');
      expect(res.body.code, what).toEqual(expect.any(String));
    }
    // Fastify answers these before any route runs (plain JSON until libs/http passes frameworkErrors).
    expect((await get(`/v1/packages/acme/${'a'.repeat(300)}`)).status).toBe(414);
    expect((await get('/v1/packages/acme/%E0%A4%A')).status).toBe(400);
    expect((await get('/v1/health')).status).toBe(200);
    expect((await get('/v1/packages/acme/base')).status).toBe(200);
  });

  it('rebuilds from the event store to an identical canonical dump', async () => {
    const before = dumpReadModel(service.readModel.db);
    expect(JSON.parse(before).versions).toHaveLength(6);
    await service.stop();
    service = await start(true);
    await service.projection.waitFor(head, { timeoutMs: 20_000 });
    expect(dumpReadModel(service.readModel.db)).toBe(before);
    // live again after the rebuild
    await append(...publishEvents({ name: 'acme/base', version: '2.1.0' }));
    expect((await get('/v1/packages/acme/base')).body.latest).toBe('2.1.0');
  });
});
