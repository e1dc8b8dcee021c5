import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempDir } from '@market/testing';
import { tempDir, waitUntil } from '@market/testing';
import { InvalidAppendError, StoreUnavailableError } from '../errors/event-store-error.js';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store.js';
import { InvalidEventStoreUrlError, openEventStore } from '../open-event-store.js';
import { describeEventStoreContract } from '../testing/event-store-contract.js';
import { tagEvent } from '../testing/sample-events.js';
import type { SqliteEventStoreOptions } from './sqlite-event-store.js';
import { SqliteEventStore, openSqliteEventStore } from './sqlite-event-store.js';
import { ChangeNotifier } from './change-notifier.js';

describeEventStoreContract('SQLite', async () => {
  const dir = tempDir('sqlite-event-store');
  const store = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
  return {
    store,
    cleanup: async () => {
      await store.close();
      dir.remove();
    },
  };
});

describe('SqliteEventStore specifics', () => {
  let dir: TempDir;
  let path: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: Partial<SqliteEventStoreOptions> = {}) => {
    const store = openSqliteEventStore({ path, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir('sqlite-event-store');
    path = join(dir.path, 'events.sqlite');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    dir.remove();
  });

  it('numbers positions densely from 1, starting from head 0 when empty', async () => {
    const store = open();
    expect(await store.headPosition()).toBe(0n);
    await store.append('a-1', [tagEvent('a-1')]);
    await store.append('b-1', [tagEvent('b-1'), tagEvent('b-1')]);
    await store.append('a-1', [tagEvent('a-1')]);
    expect((await store.readAll()).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n]);
    expect(await store.headPosition()).toBe(4n);
  });

  it('rejects an eventId that is already stored, writing nothing of the batch', async () => {
    const store = open();
    const first = tagEvent('a-1');
    await store.append('a-1', [first]);
    const again = { ...first, stream: 'b-1' };
    await expect(store.append('b-1', [tagEvent('b-1'), again])).rejects.toMatchObject({ type: 'invalid_append' });
    expect(await store.readStream('b-1')).toEqual([]);
    expect(await store.headPosition()).toBe(1n);
  });

  it('rejects data that cannot be stored as JSON', async () => {
    const store = open();
    const event = tagEvent('a-1');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(store.append('a-1', [{ ...event, data: cyclic } as never])).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('a-1', [{ ...event, data: { big: 1n } } as never])).rejects.toBeInstanceOf(
      InvalidAppendError,
    );
    expect(await store.headPosition()).toBe(0n);
  });

  it('keeps events across close and reopen', async () => {
    const first = open({ synchronous: 'FULL' });
    await first.append('a-1', [tagEvent('a-1'), tagEvent('a-1')]);
    await first.close();
    const second = open();
    expect((await second.readStream('a-1')).map((e) => e.revision)).toEqual([0n, 1n]);
    expect((await second.append('a-1', [tagEvent('a-1')], { expectedRevision: 1n })).position).toBe(3n);
  });

  it('a closed store refuses work and ends its subscriptions', async () => {
    const store = open();
    const ending = (async () => {
      const seen: bigint[] = [];
      for await (const event of store.subscribeToAll()) seen.push(event.position);
      return seen;
    })();
    await store.append('a-1', [tagEvent('a-1')]);
    await waitUntil(async () => (await store.headPosition()) === 1n);
    await store.close();
    await expect(ending).resolves.toBeInstanceOf(Array);
    await expect(store.append('a-1', [tagEvent('a-1')])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it.each([
    ['a watch on its directory', { watch: true }],
    ['data_version polling alone', { watch: false, pollIntervalMs: 1 }],
  ])('a subscriber sees commits made through another connection to the same file (%s)', async (_how, options) => {
    const reader = open(options);
    const writer = open();
    const controller = new AbortController();
    const seen: bigint[] = [];
    const consuming = (async () => {
      for await (const event of reader.subscribeToAll({ signal: controller.signal })) {
        seen.push(event.position);
        if (seen.length === 30) controller.abort();
      }
    })();
    for (let i = 0; i < 10; i++)
      await writer.append(`w-${i % 3}`, [tagEvent(`w-${i % 3}`), tagEvent(`w-${i % 3}`), tagEvent(`w-${i % 3}`)]);
    await consuming;
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => BigInt(i + 1)));
  });
});

describe('ChangeNotifier', () => {
  let dir: TempDir;
  const connections: Database.Database[] = [];
  beforeEach(() => {
    dir = tempDir('change-notifier');
  });
  afterEach(() => {
    connections.splice(0).forEach((db) => db.close());
    dir.remove();
  });

  it("wakes a waiter on another connection's commit through the watch, with no poll due for ten minutes", async () => {
    const path = join(dir.path, 'events.sqlite');
    const [waiting, writing] = [new Database(path), new Database(path)];
    connections.push(waiting, writing);
    waiting.pragma('journal_mode = WAL');
    writing.exec('CREATE TABLE t (x INTEGER)');
    // In one process the watch event is handled after the commit is complete, so the check it
    // triggers sees it; across processes the fast poll that follows a write covers the rest.
    const notifier = new ChangeNotifier(waiting, {
      pollIntervalMs: 600_000,
      watchFile: path,
      watchedPollIntervalMs: 600_000,
    });
    try {
      for (let i = 0; i < 3; i++) {
        const woken = notifier.waitForChange(notifier.mark());
        writing.prepare('INSERT INTO t VALUES (?)').run(i);
        await woken;
      }
    } finally {
      notifier.close();
    }
  });

  it('close() wakes whoever waits', async () => {
    const path = join(dir.path, 'events.sqlite');
    const db = new Database(path);
    connections.push(db);
    const notifier = new ChangeNotifier(db, { pollIntervalMs: 600_000, watchFile: path });
    const woken = notifier.waitForChange(notifier.mark());
    notifier.close();
    await woken;
  });
});

describe('openEventStore', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir('open-event-store');
  });
  afterEach(() => dir.remove());

  it('opens SQLite from sqlite:/abs, sqlite:///abs, file:// and bare paths', async () => {
    const path = join(dir.path, 'events.sqlite');
    for (const url of [`sqlite:${path}`, `sqlite://${path}`, pathToFileURL(path).href, path]) {
      const store = await openEventStore(url);
      expect(store).toBeInstanceOf(SqliteEventStore);
      const stream = `s-${randomUUID()}`;
      await store.append(stream, [tagEvent(stream)]);
      await store.close();
    }
    const check = openSqliteEventStore({ path });
    expect(await check.headPosition()).toBe(4n);
    await check.close();
  });

  it('refuses an empty URL or an unknown scheme', async () => {
    await expect(openEventStore('  ')).rejects.toBeInstanceOf(InvalidEventStoreUrlError);
    await expect(openEventStore('sqlite:')).rejects.toBeInstanceOf(InvalidEventStoreUrlError);
    await expect(openEventStore('postgres://localhost/db')).rejects.toMatchObject({ type: 'invalid_event_store_url' });
  });

  it('chooses the EventStoreDB adapter for esdb:// and kurrentdb:// without connecting', async () => {
    for (const url of [
      'esdb://127.0.0.1:1?tls=false',
      'kurrentdb://127.0.0.1:1?tls=false',
      'esdb+discover://127.0.0.1:1?tls=false',
    ]) {
      const store = await openEventStore(url);
      expect(store).toBeInstanceOf(EventStoreDbEventStore);
      await store.close();
    }
  });
});
