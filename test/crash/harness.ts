import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { connect, type NatsConnection } from 'nats';
import { EVENTS_STREAM, headers } from '@market/contracts';
import { openSqliteEventStore, type SqliteEventStore } from '@market/event-store';
import {
  spawnTsx,
  startNatsServer,
  tempDir,
  waitUntil,
  type NatsServer,
  type TempDir,
  type TsxProcess,
} from '@market/testing';
import { seededRandom as rng } from '@market/testing';

/** One crash scenario's world: a nats-server, an event-store file, a seeded random source and the processes it runs. */
export interface CrashWorld {
  seed: number;
  random: () => number;
  nats: NatsServer;
  nc: NatsConnection;
  dir: TempDir;
  storePath: string;
  env: Record<string, string>;
  store: SqliteEventStore;
  spawn(script: string, env?: Record<string, string>): TsxProcess;
  /** The stream's last sequence and the store position of its last message (0n when empty). */
  streamTip(): Promise<{ lastSeq: number; position: bigint }>;
  close(): Promise<void>;
}

export const openCrashWorld = async (name: string): Promise<CrashWorld> => {
  const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 1e9));
  // Printed so that a failing schedule can be replayed: CRASH_SEED=<seed> npx vitest run test/crash
  console.log(`[${name}] CRASH_SEED=${seed}`);
  const nats = await startNatsServer();
  const dir = tempDir(`crash-${name}`);
  const storePath = `${dir.path}/events.sqlite`;
  const store = openSqliteEventStore({ path: storePath }); // creates the schema before the writers race
  const nc = await connect({ servers: nats.url });
  const env = { NATS_URL: nats.url, MARKET_EVENT_STORE_URL: `sqlite:${storePath}`, SEED: String(seed) };
  const processes: TsxProcess[] = [];
  return {
    seed,
    random: rng(seed),
    nats,
    nc,
    dir,
    storePath,
    env,
    store,
    spawn: (script, extra = {}) => {
      const child = spawnTsx(script, { ...env, ...extra });
      processes.push(child);
      return child;
    },
    streamTip: async () => {
      const jsm = await nc.jetstreamManager();
      const { state } = await jsm.streams.info(EVENTS_STREAM).catch(() => ({ state: { last_seq: 0 } }));
      if (state.last_seq === 0) return { lastSeq: 0, position: 0n };
      const last = await jsm.streams.getMessage(EVENTS_STREAM, { seq: state.last_seq });
      return { lastSeq: state.last_seq, position: BigInt(last.header.get(headers.position)) };
    },
    close: async () => {
      processes.forEach((p) => p.kill('SIGKILL'));
      await Promise.all(processes.map((p) => p.exited));
      await nc.close();
      await store.close();
      await nats.stop();
      dir.remove();
    },
  };
};

/** Starts WRITERS writer processes appending `perWriter` events each; resolves when all exited cleanly. */
export const runWriters = (world: CrashWorld, writers: number, perWriter: number): Promise<void> => {
  const children = Array.from({ length: writers }, (_, i) =>
    world.spawn('test/crash/scripts/writer.ts', { WRITER_ID: String(i), COUNT: String(perWriter) }),
  );
  const done = Promise.all(
    children.map(async (child) => {
      const exit = await child.exited;
      if (exit.code !== 0)
        throw new Error(`writer exited with ${JSON.stringify(exit)}: ${child.output().slice(-2_000)}`);
    }),
  ).then(() => undefined);
  done.catch(() => undefined); // a test that fails early tears the writers down; only an awaiting test cares
  return done;
};

/**
 * Runs one relay process after another, SIGKILLing each at a random moment: right after it
 * re-synced, or once it has pushed the stream forward by a random number of messages. Stops
 * when `until()` is true and at least `minKills` kills happened. Returns the number of kills.
 */
export const killRelaysRepeatedly = async (
  world: CrashWorld,
  until: () => boolean,
  minKills: number,
): Promise<number> => {
  let kills = 0;
  let midStream = 0;
  while (!until() || kills < minKills) {
    const relay = world.spawn('libs/relay/src/main.ts');
    const roll = world.random();
    if (roll < 0.15) {
      // Somewhere in its start-up or re-sync: a chaos schedule, not a wait for work.
      await new Promise((resolve) => setTimeout(resolve, world.random() * 3_000));
    } else {
      await relay.waitForOutput(/relay started/);
      if (roll >= 0.3) {
        const from = (await world.streamTip()).lastSeq;
        const growth = 50 + Math.floor(world.random() * 3_000);
        const head = await world.store.headPosition();
        await waitUntil(
          async () => {
            const tip = await world.streamTip();
            return tip.lastSeq >= from + growth || tip.position >= head;
          },
          { timeoutMs: 30_000, intervalMs: 10 },
        );
      }
    }
    relay.kill('SIGKILL');
    await relay.exited;
    kills++;
    const [tip, head] = [await world.streamTip(), await world.store.headPosition()];
    if (tip.position < head) midStream++;
  }
  console.log(`relay kills: ${kills} (${midStream} with the stream behind the store)`);
  return kills;
};

/** One relay that is left running until the stream holds the whole store; then stopped with SIGTERM. */
export const relayToCompletion = async (world: CrashWorld): Promise<void> => {
  const relay = world.spawn('libs/relay/src/main.ts');
  // Running first: the stream may hold the whole store already (a killed relay got that far), and a
  // process still loading its modules has no SIGTERM handler yet.
  await relay.waitForOutput(/relay started/);
  const head = await world.store.headPosition();
  await waitUntil(async () => (await world.streamTip()).position === head, {
    timeoutMs: 60_000,
    message: 'the stream to reach the store head',
  });
  relay.kill('SIGTERM');
  const exit = await relay.exited;
  if (exit.code !== 0)
    throw new Error(`relay did not stop cleanly: ${JSON.stringify(exit)} ${relay.output().slice(-2_000)}`);
};

/** The read model's checkpoint and totals, read from its file without writing to it. */
export const readTotals = (path: string): { position: bigint; count: number; sum: number } | undefined => {
  if (!existsSync(path)) return undefined;
  const db = new Database(path, { readonly: true, timeout: 5_000 });
  try {
    const position =
      db
        .prepare<[], bigint>("SELECT position FROM _rm_checkpoints WHERE name = 'totals'")
        .pluck()
        .safeIntegers(true)
        .get() ?? 0n;
    const totals = db.prepare<[], { count: number; sum: number }>('SELECT count, sum FROM totals').get();
    return totals && { position, ...totals };
  } catch {
    return undefined; // not created yet
  } finally {
    db.close();
  }
};

/** What a correct projection of the store must hold: count and sum of DownloadsCounted, except `skip`. */
export const expectedTotals = async (store: SqliteEventStore, skip: (name: string) => boolean = () => false) => {
  let count = 0;
  let sum = 0;
  for (const e of await store.readAll({ maxCount: 1_000_000 })) {
    const data = e.data as { name?: string; count?: number };
    if (e.type !== 'DownloadsCounted' || skip(data.name ?? '')) continue;
    count++;
    sum += data.count ?? 0;
  }
  return { count, sum };
};
