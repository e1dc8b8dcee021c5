import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from 'nats';
import { EVENTS_STREAM, DEAD_LETTER_STREAM, headers, streams, subjectFor } from '@market/contracts';
import {
  appendRawForTesting,
  openSqliteEventStore,
  type SqliteEventStore,
  type StoredEvent,
} from '@market/event-store';
import { startRelay, type Relay } from '../src/index.js';
import { PublishWindow } from '../src/publish-window.js';
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

describe('relay (real nats-server, real SQLite store)', () => {
  let nats: NatsServer;
  let dir: TempDir;
  /** The writers' store object; the relay reads through its own, as a separate process would. */
  let store: SqliteEventStore;
  let relayStore: SqliteEventStore;
  let nc: NatsConnection;
  const relays: Relay[] = [];

  beforeEach(async () => {
    nats = await startNatsServer();
    dir = tempDir('relay-int');
    store = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
    relayStore = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await nc.close();
    await store.close();
    await relayStore.close();
    await nats.stop();
    dir.remove();
  });

  const start = async () => {
    const relay = await startRelay({ store: relayStore, nats: nc, publishTimeoutMs: 1_000, onError: () => undefined });
    relays.push(relay);
    return relay;
  };

  const appendMany = async (n: number, from = 0) => {
    for (let i = from; i < from + n; i += 50) {
      const s = streams.package(`test/pkg-${i}`);
      await store.append(
        s,
        Array.from({ length: Math.min(50, from + n - i) }, (_, j) => ({ ...downloadsCounted(i, j + 1), stream: s })),
      );
    }
  };

  /** The stream must be the store, event for event, in order, nothing twice. */
  const expectStreamEqualsStore = async () => {
    const stored = await store.readAll({ maxCount: 1_000_000 });
    const messages = await dumpStream(nc, EVENTS_STREAM);
    expect(messages.map((m) => m.headers['Nats-Msg-Id'])).toEqual(stored.map((e) => e.eventId));
    expect(messages.map((m) => m.headers[headers.position])).toEqual(stored.map((e) => e.position.toString()));
    return { stored, messages };
  };

  it('publishes every event once, in store order, with the wire headers and the stored payload', async () => {
    const traced = downloadsCounted('traced', 3, { traceparent: TRACEPARENT });
    await store.append(traced.stream, [traced]);
    await appendMany(120);
    const relay = await start();
    const head = await store.headPosition();
    await waitUntil(() => relay.publishedUpTo() === head, { message: 'relay to publish the backlog' });

    const { stored, messages } = await expectStreamEqualsStore();
    const first = messages[0]!;
    expect(first.subject).toBe(subjectFor(traced.stream, 'DownloadsCounted'));
    expect(first.headers).toMatchObject({
      [headers.stream]: traced.stream,
      [headers.type]: 'DownloadsCounted',
      [headers.schemaVersion]: '1',
      [headers.correlationId]: traced.correlationId,
      [headers.traceparent]: TRACEPARENT,
      'Market-Revision': '0',
    });
    expect(JSON.parse(first.data)).toEqual({ metadata: stored[0]!.metadata, data: stored[0]!.data });
    expect(messages[1]!.headers[headers.traceparent]).toBeUndefined();
  });

  it('relays live appends after the catch-up', async () => {
    const relay = await start();
    await appendMany(30);
    await waitUntil(async () => relay.publishedUpTo() === (await store.headPosition()));
    await appendMany(30, 30);
    await waitUntil(async () => relay.publishedUpTo() === (await store.headPosition()));
    await expectStreamEqualsStore();
  });

  it('resumes from the stream after a restart, re-publishing nothing', async () => {
    await appendMany(100);
    const first = await start();
    await waitUntil(async () => first.publishedUpTo() === (await store.headPosition()));
    await first.stop();
    relays.length = 0;
    await appendMany(100, 100);
    const second = await start();
    await waitUntil(async () => second.publishedUpTo() === (await store.headPosition()));
    await expectStreamEqualsStore();
  });

  it('two relays at once store every event exactly once, in order', async () => {
    await appendMany(500);
    const [a, b] = [await start(), await start()];
    const writing = appendMany(500, 500);
    await writing;
    const head = await store.headPosition();
    await waitUntil(() => a.publishedUpTo() === head && b.publishedUpTo() === head, { timeoutMs: 20_000 });
    await expectStreamEqualsStore();
  });

  it('survives nats-server being killed and restarted mid-stream', async () => {
    const relay = await start();
    await appendMany(200);
    await nats.kill();
    await appendMany(200, 200);
    await nats.restart();
    await appendMany(100, 400);
    const head = await store.headPosition();
    await waitUntil(() => relay.publishedUpTo() === head, {
      timeoutMs: 30_000,
      message: 'relay to recover after the server restart',
    });
    await expectStreamEqualsStore();
  });

  it('relays a corrupt stored row as it is instead of stopping', async () => {
    appendRawForTesting(`${dir.path}/events.sqlite`, {
      stream: 'package-bad',
      eventId: 'not-a-uuid',
      type: 'Weird\r\nType',
      metadata: '{not json',
      data: 'neither',
    });
    await appendMany(5);
    const relay = await start();
    await waitUntil(async () => relay.publishedUpTo() === (await store.headPosition()));
    const { messages } = await expectStreamEqualsStore();
    expect(JSON.parse(messages[0]!.data)).toEqual({ metadata: '{not json', data: 'neither' });
    expect(messages[0]!.headers[headers.type]).toBe('Weird Type');
  });

  it('creates both streams with the agreed settings, and is idempotent about it', async () => {
    await start();
    await start();
    const jsm = await nc.jetstreamManager();
    const events = await jsm.streams.info(EVENTS_STREAM);
    expect(events.config).toMatchObject({
      subjects: ['market.events.>'],
      storage: 'file',
      duplicate_window: 120_000_000_000,
    });
    const dead = await jsm.streams.info(DEAD_LETTER_STREAM);
    expect(dead.config.subjects).toEqual(['market.deadletter.>']);
  });
});

describe('publish window (the fencing itself)', () => {
  it('a publisher resumed from a stale tip can neither duplicate nor reorder the stream', async () => {
    const nats = await startNatsServer();
    const dir = tempDir('relay-stale');
    const store = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
    const nc = await connect({ servers: nats.url });
    try {
      const s = streams.package('test/stale');
      await store.append(
        s,
        Array.from({ length: 20 }, (_, i) => ({ ...downloadsCounted('stale', i + 1), stream: s })),
      );
      const relay = await startRelay({ store, nats: nc });
      await waitUntil(async () => relay.publishedUpTo() === (await store.headPosition()));
      await relay.stop();
      const before = await dumpStream(nc, EVENTS_STREAM);

      const sendFrom = async (tip: { lastSeq: number; position: bigint }, events: StoredEvent[]) => {
        const failures: unknown[] = [];
        const acked: bigint[] = [];
        const window = new PublishWindow(nc, tip, {
          maxInFlight: 100,
          timeoutMs: 2_000,
          onAck: (p) => acked.push(p),
          onFailure: (e) => failures.push(e),
        });
        for (const e of events) window.send(e);
        await window.settled();
        window.close();
        return { failures, acked };
      };
      const events = await store.readAll();
      const tipAfter = (n: number) => ({ lastSeq: n, position: events[n - 1]!.position });

      // Stale but consistent (the stream ended after event 5 as far as it knows): duplicates, at the expected sequences.
      const resent = await sendFrom(tipAfter(5), events.slice(5));
      expect(resent.failures).toEqual([]);
      expect(resent.acked.at(-1)).toBe(events[19]!.position);

      // A new event sent behind a stale expectation is refused.
      await store.append(s, [{ ...downloadsCounted('stale', 99), stream: s }]);
      const newest = (await store.readAll({ after: events[19]!.position }))[0]!;
      const refused = await sendFrom(tipAfter(5), [newest]);
      expect(String(refused.failures[0])).toMatch(/wrong last sequence/);

      // Skipping events (the next one is not the one after the tip) is refused too.
      const skipped = await sendFrom(tipAfter(5), [events[7]!]);
      expect((skipped.failures[0] as { type?: string }).type).toBe('stream_diverged');

      expect(await dumpStream(nc, EVENTS_STREAM)).toEqual(before);
    } finally {
      await nc.close();
      await store.close();
      await nats.stop();
      dir.remove();
    }
  });
});
