import { performance } from 'node:perf_hooks';
import { connect } from 'nats';
import { newEvent, streams, uuidv7, type DomainEvent } from '@market/contracts';
import { openSqliteEventStore } from '@market/event-store';
import { startRelay } from '@market/relay';
import { startConsumer } from '@market/bus';
import { startNatsServer, tempDir, spawnTsx } from '@market/testing';
import { medianOf, percentile, round, type Metrics } from '../lib/metrics.js';

export const targets: Record<string, string> = {
  append_batch100_events_per_s: '>= 50000',
  relay_events_per_s: '>= 20000',
  apply_latency_p99_ms: '<= 25',
};

const event = (i: number): DomainEvent =>
  newEvent(
    'DownloadsCounted',
    streams.package(`bench/pkg-${i % 500}`),
    { name: `bench/pkg-${i % 500}`, version: '1.0.0', count: 1 + (i % 7), windowEnd: new Date().toISOString() },
    { actor: 'bench' },
  );

const appendSingles = async (count: number): Promise<number> => {
  const dir = tempDir('bench-append-single');
  const store = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
  const events = Array.from({ length: count }, (_, i) => event(i));
  const t0 = performance.now();
  for (const e of events) await store.append(e.stream, [e]);
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  dir.remove();
  return count / seconds;
};

const appendBatches = async (count: number, batch: number): Promise<number> => {
  const dir = tempDir('bench-append-batch');
  const store = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
  const batches: DomainEvent[][] = [];
  for (let i = 0; i < count; i += batch) {
    const s = streams.package(`bench/batch-${i}`);
    batches.push(Array.from({ length: batch }, (_, j) => ({ ...event(i + j), stream: s })));
  }
  const t0 = performance.now();
  for (const b of batches) await store.append(b[0]!.stream, b);
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  dir.remove();
  return count / seconds;
};

/** Store → JetStream: prefill the store, then time one relay publishing all of it. */
const relayRate = async (count: number): Promise<number> => {
  const dir = tempDir('bench-relay');
  const nats = await startNatsServer();
  const store = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
  for (let i = 0; i < count; i += 1000) {
    const s = streams.package(`bench/relay-${i}`);
    await store.append(
      s,
      Array.from({ length: 1000 }, (_, j) => ({ ...event(i + j), stream: s })),
    );
  }
  const head = await store.headPosition();
  const nc = await connect({ servers: nats.url });
  const t0 = performance.now();
  const relay = await startRelay({ store, nats: nc });
  while (relay.publishedUpTo() < head) await new Promise((r) => setImmediate(r));
  const seconds = (performance.now() - t0) / 1000;
  await relay.stop();
  await nc.drain();
  await store.close();
  await nats.stop();
  dir.remove();
  return count / seconds;
};

/**
 * Store append → consumer applied, at a steady 1,000 events/s: the writer appends in this
 * process, the relay runs as its own process (as in production), the consumer runs here so
 * both ends read the same clock.
 */
const applyLatency = async (seconds: number): Promise<{ p50: number; p99: number }> => {
  const dir = tempDir('bench-latency');
  const nats = await startNatsServer();
  const path = `${dir.path}/events.sqlite`;
  const store = openSqliteEventStore({ path });
  const relay = spawnTsx('libs/relay/src/main.ts', { NATS_URL: nats.url, MARKET_EVENT_STORE_URL: `sqlite:${path}` });
  const nc = await connect({ servers: nats.url });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const consumer = await startConsumer({
    name: `bench-latency-${uuidv7().slice(-8)}`,
    nats: nc,
    store,
    startAfter: 0n,
    handle: async (e) => {
      const t = sentAt.get(e.eventId);
      if (t !== undefined) latencies.push(performance.now() - t);
    },
  });
  // Only measure once the relay process is up and the consumer is live: a warm-up event must
  // have made the whole trip before the clock starts.
  const warm = { ...event(0), stream: streams.package('bench/warmup') };
  const { position: warmPosition } = await store.append(warm.stream, [warm]);
  await consumer.waitFor(warmPosition, { timeoutMs: 120_000 });
  const total = seconds * 1000;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    // Pace to 1 event per millisecond of wall time, yielding to I/O every time: a loop of
    // synchronous appends would starve this process's NATS socket and measure itself.
    const wait = t0 + i - performance.now();
    await new Promise((r) => (wait > 1 ? setTimeout(r, wait) : setImmediate(r)));
    const e = event(i);
    sentAt.set(e.eventId, performance.now());
    await store.append(e.stream, [e]);
  }
  await consumer.waitFor(await store.headPosition());
  await consumer.stop();
  relay.kill('SIGTERM');
  await relay.exited;
  await nc.drain();
  await store.close();
  await nats.stop();
  dir.remove();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
};

export const run = async (): Promise<Metrics> => {
  const single = await medianOf(3, () => appendSingles(5_000));
  const batch = await medianOf(3, () => appendBatches(100_000, 100));
  const relay = await medianOf(3, () => relayRate(50_000));
  const lat = [await applyLatency(10), await applyLatency(10), await applyLatency(10)];
  const p50 = lat.map((l) => l.p50).sort((a, b) => a - b)[1]!;
  const p99 = lat.map((l) => l.p99).sort((a, b) => a - b)[1]!;
  return {
    append_single_events_per_s: { value: round(single, 0), unit: 'events/s' },
    append_batch100_events_per_s: { value: round(batch, 0), unit: 'events/s' },
    relay_events_per_s: { value: round(relay, 0), unit: 'events/s' },
    apply_latency_p50_ms: { value: round(p50), unit: 'ms' },
    apply_latency_p99_ms: { value: round(p99), unit: 'ms' },
  };
};
