import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import { decodeEvent, eventTypes, newEvent } from '@market/contracts';
import type { EventStore, StoredEvent } from '../event-store.js';
import type { ExpectedRevision } from '../expected-revision.js';
import {
  InvalidAppendError,
  WrongExpectedRevisionError,
  isWrongExpectedRevision,
} from '../errors/event-store-error.js';
import { sampleData, sampleEventsOfEveryType, tagEvent } from './sample-events.js';

export interface ContractStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The one behavioural specification of the EventStore port, run against every adapter.
 * Tests never assume an empty store (the EventStoreDB run shares one server): they use fresh
 * stream names and read relative to the head position taken at their start.
 */
export const describeEventStoreContract = (adapterName: string, factory: () => Promise<ContractStore>): void => {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    const fresh = (prefix = 'contract') => `${prefix}-${randomUUID()}`;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    const conflictOf = async (promise: Promise<unknown>): Promise<WrongExpectedRevisionError> => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      return error as WrongExpectedRevisionError;
    };

    describe('round trip', () => {
      it('gives back an event of every contract type, equal after decodeEvent', async () => {
        const stream = fresh('package');
        const events = sampleEventsOfEveryType(stream);
        expect(events.map((e) => e.type).sort()).toEqual(Object.keys(eventTypes).sort());
        const result = await store.append(stream, events, { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(BigInt(events.length - 1));

        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        stored.forEach((raw, i) => {
          const original = events[i]!;
          expect(raw).toMatchObject({ stream, type: original.type, revision: BigInt(i) });
          const decoded = decodeEvent(raw);
          if (!decoded.ok) throw new Error(`${original.type} did not decode: ${decoded.detail}`);
          const { position, revision, ...envelope } = decoded.event;
          expect(envelope).toEqual(original);
          expect(revision).toBe(BigInt(i));
          expect(position).toBe(raw.position);
        });

        const fromAll = (await store.readAll({ after: stored[0]!.position - 1n, maxCount: events.length })).filter(
          (e) => e.stream === stream,
        );
        expect(fromAll.map((e) => decodeEvent(e).ok)).toEqual(events.map(() => true));
        expect(fromAll.at(-1)!.position).toBe(result.position);
      });

      it('keeps a large event (1 MB of data) intact', async () => {
        const stream = fresh('package');
        // Stays under EventStoreDB's default 1 MiB append limit, metadata included.
        const files = Array.from({ length: 246 }, (_, i) => ({
          path: `${String(i).padStart(4, '0')}/${'x'.repeat(4_050)}`,
          size: i,
        }));
        const event = newEvent(
          'PackageVersionVerified',
          stream,
          { ...sampleData.PackageVersionVerified, files },
          { actor: 'contract-test' },
        );
        expect(JSON.stringify(event.data).length).toBeGreaterThan(1_000_000);
        await store.append(stream, [event]);
        const [raw] = await store.readStream(stream);
        const decoded = decodeEvent(raw!);
        expect(decoded.ok && decoded.event.data).toEqual(event.data);
      });
    });

    describe('expected revision', () => {
      it('no_stream: succeeds on a new stream, conflicts once it exists', async () => {
        const stream = fresh();
        expect(
          (await store.append(stream, [tagEvent(stream)], { expectedRevision: 'no_stream' })).nextExpectedRevision,
        ).toBe(0n);
        const error = await conflictOf(store.append(stream, [tagEvent(stream)], { expectedRevision: 'no_stream' }));
        expect(error).toMatchObject({ type: 'wrong_expected_revision', stream, expected: 'no_stream', actual: 0n });
        expect(isWrongExpectedRevision(error)).toBe(true);
      });

      it('stream_exists: conflicts on a new stream, succeeds once it exists', async () => {
        const stream = fresh();
        const error = await conflictOf(store.append(stream, [tagEvent(stream)], { expectedRevision: 'stream_exists' }));
        expect(error).toMatchObject({ stream, expected: 'stream_exists', actual: undefined });
        await store.append(stream, [tagEvent(stream)]);
        expect(
          (await store.append(stream, [tagEvent(stream)], { expectedRevision: 'stream_exists' })).nextExpectedRevision,
        ).toBe(1n);
      });

      it('any (also the default): never conflicts', async () => {
        const stream = fresh();
        expect((await store.append(stream, [tagEvent(stream)], { expectedRevision: 'any' })).nextExpectedRevision).toBe(
          0n,
        );
        expect((await store.append(stream, [tagEvent(stream)], { expectedRevision: 'any' })).nextExpectedRevision).toBe(
          1n,
        );
        expect((await store.append(stream, [tagEvent(stream)])).nextExpectedRevision).toBe(2n);
      });

      it('exact revision: succeeds when it matches, conflicts with the actual revision otherwise', async () => {
        const stream = fresh();
        const absent = await conflictOf(store.append(stream, [tagEvent(stream)], { expectedRevision: 0n }));
        expect(absent).toMatchObject({ stream, expected: 0n, actual: undefined });

        await store.append(stream, [tagEvent(stream), tagEvent(stream)], { expectedRevision: 'no_stream' });
        const result = await store.append(stream, [tagEvent(stream)], { expectedRevision: 1n });
        expect(result.nextExpectedRevision).toBe(2n);

        for (const stale of [0n, 1n, 3n] satisfies ExpectedRevision[]) {
          const error = await conflictOf(store.append(stream, [tagEvent(stream)], { expectedRevision: stale }));
          expect(error).toMatchObject({ stream, expected: stale, actual: 2n });
        }
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('a conflicting batch writes none of its events', async () => {
        const stream = fresh();
        await store.append(stream, [tagEvent(stream)]);
        const head = await store.headPosition();
        await conflictOf(
          store.append(stream, [tagEvent(stream), tagEvent(stream), tagEvent(stream)], {
            expectedRevision: 'no_stream',
          }),
        );
        expect(await store.readStream(stream)).toHaveLength(1);
        expect((await store.readAll({ after: head })).filter((e) => e.stream === stream)).toEqual([]);
      });

      it('20 concurrent appenders with the same expected revision: exactly one wins', async () => {
        const stream = fresh();
        const { nextExpectedRevision } = await store.append(stream, [tagEvent(stream)]);
        const contenders = Array.from({ length: 20 }, () => tagEvent(stream));
        const outcomes = await Promise.allSettled(
          contenders.map((event) => store.append(stream, [event], { expectedRevision: nextExpectedRevision })),
        );
        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        for (const loser of losers) expect(loser.reason).toMatchObject({ type: 'wrong_expected_revision', actual: 1n });
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(2);
        const winner = contenders[outcomes.findIndex((o) => o.status === 'fulfilled')]!;
        expect(stored[1]!.eventId).toBe(winner.eventId);
      });

      it('20 concurrent creators with no_stream: exactly one wins', async () => {
        const stream = fresh();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () =>
            store.append(stream, [tagEvent(stream), tagEvent(stream)], { expectedRevision: 'no_stream' }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'rejected' && isWrongExpectedRevision(o.reason))).toHaveLength(19);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('invalid appends', () => {
      it('rejects, writing nothing: an empty batch, a foreign stream, a repeated eventId', async () => {
        const stream = fresh();
        const other = fresh();
        const twice = tagEvent(stream);
        const head = await store.headPosition();
        await expect(store.append(stream, [])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream, [tagEvent(stream), tagEvent(other)])).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        await expect(store.append(stream, [twice, twice])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('', [tagEvent('')])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('$system', [tagEvent('$system')])).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(stream)).toEqual([]);
        expect((await store.readAll({ after: head })).filter((e) => e.stream === stream || e.stream === other)).toEqual(
          [],
        );
      });

      it('rejects a negative or fractional maxCount', async () => {
        await expect(store.readAll({ maxCount: -1 })).rejects.toThrow(RangeError);
        await expect(store.readStream(fresh(), { maxCount: 1.5 })).rejects.toThrow(RangeError);
      });
    });

    describe('reading', () => {
      it('readAll: global order across streams, with after and maxCount', async () => {
        const [a, b, c] = [fresh('a'), fresh('b'), fresh('c')];
        const head = await store.headPosition();
        const appended: DomainEvent[] = [];
        for (const stream of [a, b, a, c, b, a]) {
          const event = tagEvent(stream);
          appended.push(event);
          await store.append(stream, [event]);
        }
        const ours = (events: StoredEvent[]) => events.filter((e) => [a, b, c].includes(e.stream));
        const all = ours(await store.readAll({ after: head }));
        expect(all.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(all.every((e) => e.position > head)).toBe(true);

        const firstTwo = await store.readAll({ after: head, maxCount: 2 });
        expect(firstTwo.map((e) => e.eventId)).toEqual(all.slice(0, 2).map((e) => e.eventId));
        const rest = ours(await store.readAll({ after: firstTwo[1]!.position }));
        expect(rest.map((e) => e.eventId)).toEqual(all.slice(2).map((e) => e.eventId));
        expect(await store.readAll({ after: head, maxCount: 0 })).toEqual([]);
        expect(await store.readAll({ after: all.at(-1)!.position })).toEqual([]);
      });

      it('readStream: revision order, fromRevision and maxCount; unknown streams read as empty', async () => {
        const stream = fresh();
        const events = Array.from({ length: 10 }, (_, i) => tagEvent(stream, `t${i}`));
        await store.append(stream, events.slice(0, 4));
        const other = fresh();
        await store.append(other, [tagEvent(other)]); // interleaved: stream revisions stay dense, positions do not
        await store.append(stream, events.slice(4), { expectedRevision: 3n });
        const all = await store.readStream(stream);
        expect(all.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(all.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
        expectStrictlyIncreasing(all.map((e) => e.position));

        const page = await store.readStream(stream, { fromRevision: 3n, maxCount: 4 });
        expect(page.map((e) => e.revision)).toEqual([3n, 4n, 5n, 6n]);
        expect((await store.readStream(stream, { fromRevision: 8n })).map((e) => e.revision)).toEqual([8n, 9n]);
        expect(await store.readStream(stream, { fromRevision: 10n })).toEqual([]);
        expect(await store.readStream(stream, { maxCount: 0 })).toEqual([]);
        expect(await store.readStream(fresh('never-written'))).toEqual([]);
      });

      it('headPosition: the position of the last event appended', async () => {
        const before = await store.headPosition();
        expect(before).toBeGreaterThanOrEqual(0n);
        const stream = fresh();
        const first = await store.append(stream, [tagEvent(stream)]);
        expect(first.position).toBeGreaterThan(before);
        expect(await store.headPosition()).toBe(first.position);
        const second = await store.append(stream, [tagEvent(stream), tagEvent(stream)]);
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBe(second.position);
        expect((await store.readStream(stream)).at(-1)!.position).toBe(second.position);
      });

      it('1,000 streams: each reads back alone, all appear once in global order', async () => {
        const run = randomUUID();
        const head = await store.headPosition();
        const names = Array.from({ length: 1_000 }, (_, i) => `many-${run}-${i}`);
        for (const stream of names) await store.append(stream, [tagEvent(stream)], { expectedRevision: 'no_stream' });
        const ours = (await store.readAll({ after: head })).filter((e) => e.stream.startsWith(`many-${run}-`));
        expect(ours.map((e) => e.stream)).toEqual(names);
        for (const stream of [names[0]!, names[499]!, names[999]!]) {
          expect((await store.readStream(stream)).map((e) => e.stream)).toEqual([stream]);
        }
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then goes live, with appends racing the subscription: no loss, no duplicates, in order', async () => {
        const run = randomUUID();
        const head = await store.headPosition();
        const mine = (stream: string) => stream.startsWith(`sub-${run}-`);
        const expected: string[] = [];
        const appendSome = async (from: number, count: number) => {
          for (let i = from; i < from + count; i++) {
            const stream = `sub-${run}-${i % 7}`;
            const batch = i % 5 === 0 ? [tagEvent(stream), tagEvent(stream), tagEvent(stream)] : [tagEvent(stream)];
            expected.push(...batch.map((e) => e.eventId));
            await store.append(stream, batch);
          }
        };
        await appendSome(0, 40); // history to catch up on

        const controller = new AbortController();
        const deadline = setTimeout(() => controller.abort(), 60_000);
        const seen: StoredEvent[] = [];
        const total = expectedCount(120);
        const consuming = (async () => {
          for await (const event of store.subscribeToAll({ after: head, signal: controller.signal })) {
            if (!mine(event.stream)) continue;
            seen.push(event);
            if (seen.length === total) break;
          }
        })();
        // Racing appends: some before the subscription catches up, some while it is live.
        await Promise.all([
          appendSome(40, 40),
          (async () => {
            await new Promise((resolve) => setImmediate(resolve));
            await appendSome(80, 40);
          })(),
        ]);
        await consuming;
        clearTimeout(deadline);

        expect(seen.map((e) => e.eventId).sort()).toEqual([...expected].sort());
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
        expectStrictlyIncreasing(seen.map((e) => e.position));
        const inStoreOrder = (await store.readAll({ after: head })).filter((e) => mine(e.stream));
        expect(seen.map((e) => e.eventId)).toEqual(inStoreOrder.map((e) => e.eventId));
      });

      it('starts strictly after `after` and stops when aborted', async () => {
        const stream = fresh();
        await store.append(stream, [tagEvent(stream), tagEvent(stream), tagEvent(stream)]);
        const [, second, third] = await store.readStream(stream);
        const controller = new AbortController();
        const seen: StoredEvent[] = [];
        const consuming = (async () => {
          for await (const event of store.subscribeToAll({ after: second!.position, signal: controller.signal })) {
            if (event.stream !== stream) continue;
            seen.push(event);
            if (seen.length === 2) controller.abort();
          }
        })();
        await store.append(stream, [tagEvent(stream)]);
        await consuming; // ends on abort instead of waiting for events that never come
        expect(seen.map((e) => e.revision)).toEqual([third!.revision, 3n]);
      });
    });
  });
};

/** Events that `appendSome(0, n)` writes: every 5th append is a batch of 3. */
const expectedCount = (appends: number): number => appends + 2 * Math.ceil(appends / 5);

const expectStrictlyIncreasing = (positions: bigint[]): void => {
  positions.forEach((position, i) => {
    if (i > 0) expect(position).toBeGreaterThan(positions[i - 1]!);
  });
};
