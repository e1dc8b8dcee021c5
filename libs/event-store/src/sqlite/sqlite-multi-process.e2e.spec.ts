import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TempDir, TsxProcess } from '@market/testing';
import { spawnTsx, tempDir } from '@market/testing';
import type { StoredEvent } from '../event-store.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

const writerScript = fileURLToPath(new URL('../testing/sqlite-writer-process.ts', import.meta.url));
const WRITERS = 4;
const PER_WRITER = { singles: 500, batches: 10, shared: 500 }; // 2,000 events each
const TOTAL = WRITERS * (PER_WRITER.singles + PER_WRITER.batches * 100 + PER_WRITER.shared);

describe('SQLite event store shared by several processes', () => {
  let dir: TempDir | undefined;
  const children: TsxProcess[] = [];
  afterEach(() => {
    children.splice(0).forEach((child) => child.kill('SIGKILL'));
    dir?.remove();
  });

  it(`${WRITERS} writer processes, ${TOTAL} events: a live tail sees positions 1..N with no gap or reordering`, async () => {
    dir = tempDir('sqlite-multi-process');
    const path = join(dir.path, 'events.sqlite');
    const store = openSqliteEventStore({ path });
    const controller = new AbortController();
    const seen: StoredEvent[] = [];
    const tailing = (async () => {
      for await (const event of store.subscribeToAll({ signal: controller.signal })) {
        seen.push(event);
        if (seen.length === TOTAL) break;
      }
    })();

    for (let w = 1; w <= WRITERS; w++) {
      children.push(
        spawnTsx(writerScript, {
          EVENT_STORE_PATH: path,
          WRITER_ID: String(w),
          WRITER_SINGLES: String(PER_WRITER.singles),
          WRITER_BATCHES: String(PER_WRITER.batches),
          WRITER_SHARED: String(PER_WRITER.shared),
        }),
      );
    }
    const exits = await Promise.all(children.map((child) => child.exited));
    exits.forEach((exit, i) => expect(exit, children[i]!.output()).toEqual({ code: 0, signal: null }));
    // Every writer has committed: the tail must reach TOTAL; the deadline only turns a hang into a failure.
    const deadline = setTimeout(() => controller.abort(), 60_000);
    await tailing;
    clearTimeout(deadline);

    expect(seen).toHaveLength(TOTAL);
    seen.forEach((event, i) => {
      if (event.position !== BigInt(i + 1)) throw new Error(`live tail saw position ${event.position} at index ${i}`);
    });
    const revisions = new Map<string, bigint>();
    for (const event of seen) {
      const expected = (revisions.get(event.stream) ?? -1n) + 1n;
      if (event.revision !== expected)
        throw new Error(`${event.stream}: revision ${event.revision} after ${expected - 1n}`);
      revisions.set(event.stream, event.revision);
    }
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(TOTAL);
    expect(await store.headPosition()).toBe(BigInt(TOTAL));
    const sharedEvents = seen.filter((e) => e.stream.startsWith('shared-')).length;
    expect(sharedEvents).toBe(WRITERS * PER_WRITER.shared);
    const conflicts = children.map(
      (child) => JSON.parse(child.output().trim().split('\n').at(-1)!).conflicts as number,
    );
    console.info(
      `multi-process: ${TOTAL} events, ${conflicts.reduce((a, b) => a + b, 0)} expected-revision conflicts retried`,
    );
    await store.close();
  });
});
