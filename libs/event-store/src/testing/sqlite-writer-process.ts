/**
 * A writer process for the multi-process SQLite test: appends WRITER_EVENTS events to the store at
 * EVENT_STORE_PATH, mixing singles on its own streams, batches of 100 on its own streams, and
 * singles on streams shared with every other writer (expected revision, retried on conflict).
 * Prints one JSON line `{"done":…}` at the end.
 */
import { isWrongExpectedRevision } from '../errors/event-store-error.js';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { tagEvent } from './sample-events.js';

const path = process.env.EVENT_STORE_PATH;
const writer = process.env.WRITER_ID ?? String(process.pid);
const singles = Number(process.env.WRITER_SINGLES ?? 500);
const batches = Number(process.env.WRITER_BATCHES ?? 10);
const shared = Number(process.env.WRITER_SHARED ?? 500);
const sharedStreams = Number(process.env.SHARED_STREAMS ?? 5);
if (!path) throw new Error('EVENT_STORE_PATH is required');

const store = openSqliteEventStore({ path });
const known = new Map<string, bigint | 'no_stream'>();
let conflicts = 0;

const appendShared = async (i: number) => {
  const stream = `shared-${i % sharedStreams}`;
  for (;;) {
    const expected = known.get(stream) ?? 'no_stream';
    try {
      const { nextExpectedRevision } = await store.append(stream, [tagEvent(stream)], { expectedRevision: expected });
      known.set(stream, nextExpectedRevision);
      return;
    } catch (error) {
      if (!isWrongExpectedRevision(error)) throw error;
      conflicts++;
      known.set(stream, error.actual ?? 'no_stream');
    }
  }
};

// Interleave the three kinds of work so that batches, singles and contended appends overlap.
const work: Array<() => Promise<unknown>> = [];
for (let i = 0; i < singles; i++)
  work.push(() => store.append(`w${writer}-single-${i % 10}`, [tagEvent(`w${writer}-single-${i % 10}`)]));
for (let i = 0; i < batches; i++) {
  const stream = `w${writer}-batch-${i}`;
  work.push(() =>
    store.append(
      stream,
      Array.from({ length: 100 }, () => tagEvent(stream)),
      { expectedRevision: 'no_stream' },
    ),
  );
}
for (let i = 0; i < shared; i++) work.push(() => appendShared(i));
for (let i = work.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [work[i], work[j]] = [work[j]!, work[i]!];
}
for (const step of work) await step();
await store.close();
console.log(JSON.stringify({ done: writer, events: singles + batches * 100 + shared, conflicts }));
