import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from 'nats';
import {
  DEAD_LETTER_STREAM,
  deadLetterSubject,
  newEvent,
  streams,
  type DecodedEvent,
  type DecodedEventOf,
} from '@market/contracts';
import { appendRawForTesting, openSqliteEventStore, type SqliteEventStore } from '@market/event-store';
import { startRelay, type Relay } from '@market/relay';
import { SqliteReadModel } from '@market/read-model';
import {
  deadLetterHeaders,
  rebuildProjection,
  startConsumer,
  startProjection,
  type ConsumerHandle,
  type HandlerContext,
} from '../src/index.js';
import {
  downloadsCounted,
  dumpStream,
  startNatsServer,
  tempDir,
  waitUntil,
  type NatsServer,
  type TempDir,
} from '@market/testing';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('bus consumers (real nats-server, relay and SQLite store)', () => {
  let nats: NatsServer;
  let dir: TempDir;
  let path: string;
  /** Writers' store object; relay and consumers read through their own, as separate processes would. */
  let store: SqliteEventStore;
  let readStore: SqliteEventStore;
  let nc: NatsConnection;
  let relay: Relay | undefined;
  const consumers: ConsumerHandle[] = [];
  const readModels: SqliteReadModel[] = [];

  beforeEach(async () => {
    nats = await startNatsServer();
    dir = tempDir('bus-int');
    path = `${dir.path}/events.sqlite`;
    store = openSqliteEventStore({ path });
    readStore = openSqliteEventStore({ path });
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await relay?.stop();
    relay = undefined;
    readModels.splice(0).forEach((rm) => rm.close());
    await nc.close();
    await store.close();
    await readStore.close();
    await nats.stop();
    dir.remove();
  });

  const runRelay = async () => {
    relay = await startRelay({ store: readStore, nats: nc, publishTimeoutMs: 1_000, onError: () => undefined });
  };

  const append = async (n: number, tag: string | number = 'x', context: { traceparent?: string } = {}) => {
    const s = streams.package(`test/pkg-${tag}`);
    const events = Array.from({ length: n }, (_, i) => ({ ...downloadsCounted(tag, i + 1, context), stream: s }));
    await store.append(s, events);
    return events;
  };

  const consume = async (options: Partial<Parameters<typeof startConsumer>[0]> = {}) => {
    const seen: DecodedEvent[] = [];
    const contexts: HandlerContext[] = [];
    const handle = await startConsumer({
      name: 'test-consumer',
      nats: nc,
      store: readStore,
      backoffMs: [1, 5],
      onError: () => undefined,
      handle: (event, context) => {
        seen.push(event);
        contexts.push(context);
      },
      ...options,
    });
    consumers.push(handle);
    return { handle, seen, contexts };
  };

  const positionsInStore = async () => (await store.readAll({ maxCount: 1_000_000 })).map((e) => e.position);

  it('hands every event over exactly once in global order: catch-up from the store, then live from JetStream', async () => {
    await append(30, 'a');
    await runRelay();
    await append(30, 'b');
    const { handle, seen, contexts } = await consume();
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    for (let i = 0; i < 5; i++) await append(10, `live-${i}`);
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    expect(seen.map((e) => e.position)).toEqual(await positionsInStore());
    expect(contexts.some((c) => c.source === 'store')).toBe(true);
    expect(contexts.at(-1)!.source).toBe('jetstream');
    expect(seen[0]!.type).toBe('DownloadsCounted');
    expect(seen[0]!.revision).toBe(0n);
    expect(seen.at(-1)!.revision).toBe(9n);
  });

  it('starts after startAfter, and a restarted consumer continues where it stopped', async () => {
    await runRelay();
    await append(20);
    const positions = await positionsInStore();
    const first = await consume({ startAfter: positions[9]! });
    await first.handle.waitFor(positions.at(-1)!, { timeoutMs: 10_000 });
    expect(first.seen.map((e) => e.position)).toEqual(positions.slice(10));
    await first.handle.stop();
    consumers.length = 0;

    await append(15, 'more');
    const second = await consume({ startAfter: first.handle.position() });
    await append(5, 'more-live');
    const head = await store.headPosition();
    await second.handle.waitFor(head, { timeoutMs: 10_000 });
    const all = await positionsInStore();
    expect([...first.seen, ...second.seen].map((e) => e.position)).toEqual(all.slice(10));
  });

  it('a filtered consumer sees only its subjects, and waitFor still resolves past the events it does not want', async () => {
    await runRelay();
    await append(5, 'p');
    const key = { ...downloadsCounted('k', 1), stream: streams.key('abcdef0123456789') };
    await store.append(key.stream, [key]);
    const { handle, seen } = await consume({ filterSubject: 'market.events.package.>' });
    await append(3, 'q');
    await store.append(streams.key('abcdef0123456780'), [
      { ...downloadsCounted('k', 2), stream: streams.key('abcdef0123456780') },
    ]);
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    expect(seen.map((e) => e.stream)).toEqual([
      ...Array(5).fill(streams.package('test/pkg-p')),
      ...Array(3).fill(streams.package('test/pkg-q')),
    ]);
    expect(handle.position()).toBe(await store.headPosition());
  });

  it('a consumer with eventTypes never sees other types, parks none of them however malformed, and waitFor passes them', async () => {
    const s = streams.package('test/pkg-mixed');
    const tagged = (i: number) =>
      newEvent('DistTagSet', s, { name: 'test/pkg-mixed', tag: `t${i}`, version: '1.0.0' }, { actor: 'test' });
    const counted = (i: number) => ({ ...downloadsCounted('mixed', i), stream: s });
    const malformedTag = (id: string) =>
      appendRawForTesting(path, { stream: s, eventId: id, type: 'DistTagSet', metadata: 'garbage{', data: 'x' });
    // Catch-up from the store: a wanted event between unwanted ones, and a malformed unwanted one.
    await store.append(s, [tagged(1), counted(1), tagged(2)]);
    malformedTag('bad-tag-1');
    await runRelay();
    const { handle, seen } = await consume({ name: 'typed', eventTypes: ['DownloadsCounted'] });
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    // Live from JetStream: the same mix, and the log ending on unwanted events.
    await store.append(s, [counted(2), tagged(3)]);
    malformedTag('bad-tag-2');
    await store.append(s, [counted(3), tagged(4), tagged(5)]);
    const head = await store.headPosition();
    await handle.waitFor(head, { timeoutMs: 10_000 });
    expect(handle.position()).toBe(head);
    expect(seen.map((e) => e.type)).toEqual(['DownloadsCounted', 'DownloadsCounted', 'DownloadsCounted']);
    expect(seen.map((e) => (e.type === 'DownloadsCounted' ? e.data.count : 0))).toEqual([1, 2, 3]);
    expect(await store.readStream(streams.consumer('typed'))).toEqual([]);

    // Restarted after the unwanted tail: nothing is handed over twice.
    await handle.stop();
    consumers.length = 0;
    const again = await consume({ name: 'typed', eventTypes: ['DownloadsCounted'], startAfter: handle.position() });
    await store.append(s, [tagged(6), counted(4)]);
    await again.handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    expect(again.seen.map((e) => (e.type === 'DownloadsCounted' ? e.data.count : 0))).toEqual([4]);
  });

  it('a projection with eventTypes checkpoints only with what it applies, and a restart from that checkpoint steps over the rest again', async () => {
    await runRelay();
    const rm = SqliteReadModel.open({
      path: `${dir.path}/typed-rm.sqlite`,
      name: 'counts',
      migrations: ['CREATE TABLE counts (position INTEGER PRIMARY KEY, count INTEGER NOT NULL)'],
    });
    readModels.push(rm);
    const s = streams.package('test/pkg-typed');
    const options = {
      name: 'typed-projection',
      nats: nc,
      store: readStore,
      readModel: rm,
      onError: () => undefined,
      eventTypes: ['DownloadsCounted'] as const,
      apply: (db: import('better-sqlite3').Database, event: DecodedEventOf<'DownloadsCounted'>) => {
        db.prepare('INSERT INTO counts (position, count) VALUES (?, ?)').run(event.position, event.data.count);
      },
    };
    const tagged = (i: number) =>
      newEvent('DistTagSet', s, { name: 'test/pkg-typed', tag: `t${i}`, version: '1.0.0' }, { actor: 'test' });
    await store.append(s, [{ ...downloadsCounted('typed', 1), stream: s }, tagged(1), tagged(2)]);
    const first = await startProjection(options);
    consumers.push(first);
    await first.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    const [counted] = await store.readStream(s);
    expect(rm.lastPosition()).toBe(counted!.position);
    await first.stop();
    consumers.length = 0;

    const second = await startProjection(options);
    consumers.push(second);
    await store.append(s, [tagged(3), { ...downloadsCounted('typed', 2), stream: s }]);
    const head = await store.headPosition();
    await second.waitFor(head, { timeoutMs: 10_000 });
    expect(rm.lastPosition()).toBe(head);
    expect(rm.db.prepare('SELECT count FROM counts ORDER BY position').all()).toEqual([{ count: 1 }, { count: 2 }]);
  });

  it('exposes the trace context of the event to the handler', async () => {
    await runRelay();
    const { handle, contexts } = await consume();
    await append(1, 't', { traceparent: TRACEPARENT });
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    expect(contexts[0]!.traceparent).toBe(TRACEPARENT);
  });

  it('retries a failing handler in-process and hands the event over once it succeeds', async () => {
    await runRelay();
    let failuresLeft = 2;
    const attempts: number[] = [];
    const handled: bigint[] = [];
    const handle = await startConsumer({
      name: 'flaky',
      nats: nc,
      store: readStore,
      backoffMs: [1],
      onError: () => undefined,
      handle: (event, context) => {
        attempts.push(context.attempt);
        if (failuresLeft-- > 0) throw new Error('transient');
        handled.push(event.position);
      },
    });
    consumers.push(handle);
    await append(3);
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    expect(attempts).toEqual([1, 2, 3, 1, 1]);
    expect(handled).toEqual(await positionsInStore());
  });

  it('parks a poison event after maxAttempts (dead-letter + ConsumerEventParked) and applies the events behind it', async () => {
    await runRelay();
    const isPoison = (event: DecodedEvent) =>
      event.type === 'DownloadsCounted' && event.data.name === 'test/pkg-poison' && event.data.count === 3;
    const handled: string[] = [];
    const contexts: HandlerContext[] = [];
    const { handle } = await consume({
      name: 'picky',
      maxAttempts: 3,
      handle: (event, context) => {
        if (isPoison(event)) throw new Error('cannot digest this');
        handled.push(event.eventId);
        contexts.push(context);
      },
    });
    // Appended once the consumer is live, so the poison event comes through JetStream.
    const events = await append(5, 'poison');
    const poisonId = events[2]!.eventId;
    const lastUserEvent = await store.headPosition();
    await handle.waitFor(lastUserEvent, { timeoutMs: 10_000 });
    expect(handled).toEqual(events.filter((e) => e.eventId !== poisonId).map((e) => e.eventId));
    expect(contexts.at(-1)!.source).toBe('jetstream');

    const parked = await store.readStream(streams.consumer('picky'));
    expect(parked).toHaveLength(1);
    expect(parked[0]!.type).toBe('ConsumerEventParked');
    expect(parked[0]!.data).toMatchObject({
      consumer: 'picky',
      eventId: poisonId,
      eventType: 'DownloadsCounted',
      attempts: 3,
    });
    expect((parked[0]!.data as { reason: string }).reason).toContain('cannot digest this');
    expect((parked[0]!.metadata as { causationId: string }).causationId).toBe(poisonId);

    const dead = await waitUntil(async () => (await dumpStream(nc, DEAD_LETTER_STREAM)).at(0));
    expect(dead.subject).toBe(deadLetterSubject('picky'));
    expect(dead.headers['Nats-Msg-Id']).toContain(poisonId);
    expect(dead.headers[deadLetterHeaders.attempts]).toBe('3');
    expect(dead.headers[deadLetterHeaders.consumer]).toBe('picky');
    expect(dead.headers[deadLetterHeaders.reason]).toContain('cannot digest this');
    expect(dead.headers[deadLetterHeaders.position]).toBe(
      String(parked[0]!.data && (parked[0]!.data as { position: string }).position),
    );
    expect(JSON.parse(dead.data).data).toEqual(events[2]!.data);

    // The consumer also receives its own ConsumerEventParked record and moves past it.
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
  });

  it('parks undecodable events at once, with the decode reason', async () => {
    await runRelay();
    await append(2, 'ok');
    appendRawForTesting(path, {
      stream: 'package-test-pkg-bad',
      eventId: 'bad-1',
      type: 'DownloadsCounted',
      metadata: '{"not":"valid"}',
      data: '{}',
    });
    appendRawForTesting(path, {
      stream: 'package-test-pkg-bad',
      eventId: 'bad-2',
      type: 'NoSuchType',
      metadata: 'garbage{',
      data: 'x',
    });
    await append(2, 'after');
    let calls = 0;
    const { handle } = await consume({ name: 'strict', handle: () => void calls++ });
    const head = await store.headPosition();
    await handle.waitFor(head, { timeoutMs: 10_000 });
    expect(calls).toBe(4);
    const parked = await store.readStream(streams.consumer('strict'));
    expect(parked.map((e) => (e.data as { eventId: string }).eventId)).toEqual(['bad-1', 'bad-2']);
    expect(parked.map((e) => (e.data as { attempts: number }).attempts)).toEqual([1, 1]);
    expect((parked[0]!.data as { reason: string }).reason).toMatch(/undecodable \(bad_metadata\)/);
  });

  it('keeps order and loses nothing when nats-server is killed and restarted mid-stream', async () => {
    await runRelay();
    const { handle, seen } = await consume();
    await append(100, 'before');
    await handle.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    await nats.kill();
    await append(100, 'during');
    await nats.restart();
    await append(100, 'after');
    await handle.waitFor(await store.headPosition(), { timeoutMs: 30_000 });
    expect(seen.map((e) => e.position)).toEqual(await positionsInStore());
  });

  it('a projection applies runs of events in one transaction, and a poison event in a run is isolated and parked', async () => {
    await runRelay();
    const rm = SqliteReadModel.open({
      path: `${dir.path}/rm.sqlite`,
      name: 'sums',
      migrations: ['CREATE TABLE sums (pkg TEXT PRIMARY KEY, total INTEGER NOT NULL)'],
    });
    readModels.push(rm);
    let batches = 0;
    const applyBatch = rm.applyBatch.bind(rm);
    rm.applyBatch = (changes) => {
      batches++;
      return applyBatch(changes);
    };
    const isPoison = (event: DecodedEvent) => event.type === 'DownloadsCounted' && event.data.count === 13;
    const options = {
      name: 'sums',
      nats: nc,
      store: readStore,
      readModel: rm,
      maxAttempts: 2,
      filterSubject: 'market.events.package.>',
      onError: () => undefined,
      apply: (db: import('better-sqlite3').Database, event: DecodedEvent) => {
        if (event.type !== 'DownloadsCounted') return;
        if (isPoison(event)) throw new Error('poison');
        db.prepare(
          'INSERT INTO sums (pkg, total) VALUES (?, ?) ON CONFLICT (pkg) DO UPDATE SET total = total + excluded.total',
        ).run(event.data.name, event.data.count);
      },
    };
    await append(20, 'early'); // catch-up: one read, one run
    const projection = await startProjection(options);
    consumers.push(projection);
    await projection.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    await append(20, 'live'); // live: one append, relayed together
    await projection.waitFor(await store.headPosition(), { timeoutMs: 10_000 });
    await projection.waitFor(await store.headPosition(), { timeoutMs: 10_000 }); // past its own ConsumerEventParked records
    expect(batches).toBeGreaterThan(0);
    const sum = 210 - 13;
    expect(rm.db.prepare('SELECT pkg, total FROM sums ORDER BY pkg').all()).toEqual([
      { pkg: 'test/pkg-early', total: sum },
      { pkg: 'test/pkg-live', total: sum },
    ]);
    const parked = await store.readStream(streams.consumer('sums'));
    expect(parked.map((e) => (e.data as { attempts: number }).attempts)).toEqual([2, 2]);
    expect(projection.position()).toBe(await store.headPosition());
  });

  it('a projection applies each event once with its checkpoint, and a rebuild gives the identical state', async () => {
    await runRelay();
    const migrations = [
      'CREATE TABLE totals (pkg TEXT PRIMARY KEY, events INTEGER NOT NULL, downloads INTEGER NOT NULL)',
    ];
    const rm = SqliteReadModel.open({ path: `${dir.path}/rm.sqlite`, name: 'totals', migrations });
    readModels.push(rm);
    const options = {
      name: 'totals',
      nats: nc,
      store: readStore,
      readModel: rm,
      filterSubject: 'market.events.package.>',
      onError: () => undefined,
      apply: (db: import('better-sqlite3').Database, event: DecodedEvent) => {
        if (event.type !== 'DownloadsCounted') return;
        db.prepare(
          'INSERT INTO totals (pkg, events, downloads) VALUES (?, 1, ?) ON CONFLICT (pkg) DO UPDATE SET events = events + 1, downloads = downloads + excluded.downloads',
        ).run(event.data.name, event.data.count);
      },
    };
    for (let i = 0; i < 10; i++) await append(10, i % 3);
    const projection = await startProjection(options);
    await append(7, 'late');
    const head = await store.headPosition();
    await projection.waitFor(head, { timeoutMs: 10_000 });
    const dump = () => rm.db.prepare('SELECT * FROM totals ORDER BY pkg').all();
    const state = dump();
    expect(state).toEqual([
      { pkg: 'test/pkg-0', events: 40, downloads: 4 * 55 },
      { pkg: 'test/pkg-1', events: 30, downloads: 3 * 55 },
      { pkg: 'test/pkg-2', events: 30, downloads: 3 * 55 },
      { pkg: 'test/pkg-late', events: 7, downloads: 28 },
    ]);
    expect(rm.lastPosition()).toBe(head);
    await projection.stop();
    consumers.length = 0;

    const rebuilt = await rebuildProjection(options);
    consumers.push(rebuilt);
    await rebuilt.waitFor(head, { timeoutMs: 10_000 });
    expect(dump()).toEqual(state);
    expect(rm.lastPosition()).toBe(head);
  });
});
