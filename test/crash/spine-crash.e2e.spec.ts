import { afterEach, describe, expect, it } from 'vitest';
import { DEAD_LETTER_STREAM, EVENTS_STREAM, deadLetterSubject, headers, streams } from '@market/contracts';
import { deadLetterHeaders } from '@market/bus';
import { downloadsCounted, dumpStream, waitUntil } from '@market/testing';
import {
  expectedTotals,
  killRelaysRepeatedly,
  openCrashWorld,
  readTotals,
  relayToCompletion,
  runWriters,
  type CrashWorld,
} from './harness.js';

/*
 * The spine's crash guarantees, with real processes (writers, relays, a projector, nats-server)
 * and SIGKILL at random moments. One file, so the scenarios run one after another instead of
 * competing for the same two cores. Replay a schedule with CRASH_SEED=<seed> (printed per test).
 */

const WRITERS = 4;
const PER_WRITER = 5_000;

/**
 * Invariant 1: no event appended to the store is missing from NATS after any crash and restart,
 * and none is there twice or out of order. Writers, relays and nats-server are real processes.
 */
describe('relay under SIGKILL (e2e)', () => {
  let world: CrashWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const expectStreamIsTheStore = async (w: CrashWorld) => {
    const stored = await w.store.readAll({ maxCount: 1_000_000 });
    expect(stored).toHaveLength(WRITERS * PER_WRITER);
    const messages = await dumpStream(w.nc, EVENTS_STREAM);
    expect(messages.length).toBe(stored.length);
    // Report the first mismatch: a 20,000-element array diff is unreadable.
    const ids = messages.map((m) => m.headers['Nats-Msg-Id']);
    const firstMismatch = ids.findIndex((id, i) => id !== stored[i]!.eventId);
    expect(firstMismatch, `stream seq ${firstMismatch + 1} differs from the store`).toBe(-1);
    expect(messages.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    expect(messages.every((m, i) => m.headers[headers.position] === stored[i]!.position.toString())).toBe(true);
  };

  it('one relay, killed at random and restarted while 4 writers append 20,000 events: every event once, in store order', async () => {
    const w = (world = await openCrashWorld('one-relay'));
    let writing = true;
    const writers = runWriters(w, WRITERS, PER_WRITER).finally(() => (writing = false));
    const kills = await killRelaysRepeatedly(w, () => !writing, 4);
    await writers;
    await relayToCompletion(w);
    expect(kills).toBeGreaterThanOrEqual(4);
    await expectStreamIsTheStore(w);
  });

  it('two relays at once, each killed at random and restarted: every event once, in store order', async () => {
    const w = (world = await openCrashWorld('two-relays'));
    let writing = true;
    const writers = runWriters(w, WRITERS, PER_WRITER).finally(() => (writing = false));
    const [a, b] = await Promise.all([
      killRelaysRepeatedly(w, () => !writing, 2),
      killRelaysRepeatedly(w, () => !writing, 2),
    ]);
    await writers;
    await relayToCompletion(w);
    expect(a + b).toBeGreaterThanOrEqual(4);
    await expectStreamIsTheStore(w);
  });
});

const PROJECTOR = 'test/crash/scripts/projector.ts';

/**
 * Invariant 2: no read model applies an event twice or skips one, whatever is redelivered or
 * killed. The projector (count + sum of DownloadsCounted) is a real process, SIGKILLed mid-stream.
 */
describe('projection under SIGKILL (e2e)', () => {
  let world: CrashWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('a projector killed repeatedly mid-stream ends with count and sum equal to the store: every event applied exactly once', async () => {
    const w = (world = await openCrashWorld('projector'));
    const rmPath = `${w.dir.path}/totals.sqlite`;
    const projectorEnv = { READ_MODEL_PATH: rmPath, CONSUMER_NAME: 'crash-projector' };
    w.spawn('libs/relay/src/main.ts');
    let writing = true;
    const writers = runWriters(w, 4, 2_500).finally(() => (writing = false));

    let kills = 0;
    let midStream = 0;
    while (writing || kills < 4) {
      const projector = w.spawn(PROJECTOR, projectorEnv);
      await projector.waitForOutput(/projector ready/, 60_000);
      const from = readTotals(rmPath)?.position ?? 0n;
      const step = BigInt(20 + Math.floor(w.random() * 2_500));
      await waitUntil(
        async () => {
          const at = readTotals(rmPath)?.position ?? 0n;
          return at >= from + step || (!writing && at >= (await w.store.headPosition()));
        },
        { timeoutMs: 60_000, intervalMs: 5 },
      );
      projector.kill('SIGKILL');
      await projector.exited;
      kills++;
      if ((readTotals(rmPath)?.position ?? 0n) < (await w.store.headPosition())) midStream++;
    }
    await writers;
    console.log(`projector kills: ${kills} (${midStream} mid-stream)`);

    const last = w.spawn(PROJECTOR, projectorEnv);
    // Ready first: the read model may be at the head already (a killed projector got there), and a
    // process still loading its modules has no SIGTERM handler yet.
    await last.waitForOutput(/projector ready/, 60_000);
    const head = await w.store.headPosition();
    await waitUntil(() => readTotals(rmPath)?.position === head, {
      timeoutMs: 60_000,
      message: 'the projector to reach the store head',
    });
    last.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);

    const totals = readTotals(rmPath)!;
    expect({ count: totals.count, sum: totals.sum }).toEqual(await expectedTotals(w.store));
    expect(totals.count).toBe(10_000);
    expect(midStream).toBeGreaterThan(0);
  });

  it('a poison event is dead-lettered after the configured attempts, recorded in the store, and the events behind it are applied', async () => {
    const w = (world = await openCrashWorld('poison'));
    const rmPath = `${w.dir.path}/totals.sqlite`;
    const name = 'poison-projector';
    const poisonStream = streams.package('test/pkg-poison');
    const appendSome = async (tag: string, n: number) => {
      const s = streams.package(`test/pkg-${tag}`);
      await w.store.append(
        s,
        Array.from({ length: n }, (_, i) => ({ ...downloadsCounted(tag, i + 1), stream: s })),
      );
    };
    const poison = () => ({ ...downloadsCounted('poison', 1_000), stream: poisonStream });

    // One poison event met during catch-up from the store...
    await appendSome('before', 20);
    const first = poison();
    await w.store.append(poisonStream, [first]);
    await appendSome('between', 20);
    w.spawn('libs/relay/src/main.ts');
    const projector = w.spawn(PROJECTOR, {
      READ_MODEL_PATH: rmPath,
      CONSUMER_NAME: name,
      POISON: 'test/pkg-poison',
      MAX_ATTEMPTS: '3',
    });
    await projector.waitForOutput(/projector ready/, 60_000);
    await waitUntil(async () => (readTotals(rmPath)?.count ?? 0) >= 40, { timeoutMs: 60_000 });
    // ...and one met live, from JetStream.
    const second = poison();
    await w.store.append(poisonStream, [second]);
    await appendSome('after', 20);

    const parked = await waitUntil(
      async () => {
        const records = await w.store.readStream(streams.consumer(name));
        return records.length === 2 && records;
      },
      { timeoutMs: 60_000, message: 'two ConsumerEventParked records' },
    );
    expect(parked.map((e) => e.type)).toEqual(['ConsumerEventParked', 'ConsumerEventParked']);
    expect(parked.map((e) => (e.data as { eventId: string }).eventId)).toEqual([first.eventId, second.eventId]);
    expect(parked.every((e) => (e.data as { attempts: number }).attempts === 3)).toBe(true);

    // Everything up to the records of the parking itself is applied; the poison never is.
    const head = await w.store.headPosition();
    await waitUntil(() => readTotals(rmPath)?.position === head, {
      timeoutMs: 60_000,
      message: 'the projector to pass the poison events',
    });
    const totals = readTotals(rmPath)!;
    expect({ count: totals.count, sum: totals.sum }).toEqual(
      await expectedTotals(w.store, (pkg) => pkg === 'test/pkg-poison'),
    );
    expect(totals.count).toBe(60);

    const dead = await dumpStream(w.nc, DEAD_LETTER_STREAM);
    expect(dead.map((m) => m.subject)).toEqual([deadLetterSubject(name), deadLetterSubject(name)]);
    expect(dead.map((m) => m.headers['Nats-Msg-Id'])).toEqual([
      expect.stringContaining(first.eventId),
      expect.stringContaining(second.eventId),
    ]);
    expect(
      dead.every(
        (m) =>
          m.headers[deadLetterHeaders.attempts] === '3' &&
          /poison event/.test(m.headers[deadLetterHeaders.reason] ?? ''),
      ),
    ).toBe(true);
    expect(JSON.parse(dead[0]!.data).metadata.eventId).toBe(first.eventId);
  });
});
