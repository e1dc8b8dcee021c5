import {
  decodeEvent,
  EVENTS_STREAM,
  EVENTS_SUBJECT_PREFIX,
  headers as marketHeaders,
  subjectFor,
  type DecodedEvent,
  type EventType,
} from '@market/contracts';
import type { StoredEvent } from '@market/event-store';
import { ensureEventStreams } from '@market/relay';
import type { ConsumerMessages, JsMsg } from 'nats';
import { BusError } from './bus-error.js';
import type { ConsumerHandle, ConsumerOptions, HandlerContext } from './consumer-options.js';
import { recreateDurable } from './durable-consumer.js';
import { findStartSequence } from './find-start-sequence.js';
import { handleEvent } from './handle-event.js';
import { messageToEvent, positionOf } from './message-to-event.js';
import { parkEvent } from './park-event.js';
import { pause } from './pause.js';
import { Progress } from './progress.js';
import { subjectMatches } from './subject-filter.js';

const defaultOnError = (name: string) => (error: unknown) =>
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', component: 'bus', consumer: name, msg: 'consumer error, restarting', error: error instanceof Error ? error.message : String(error) })}\n`,
  );

/**
 * Hands every event after `startAfter` to `handle` (or runs of them to `handleBatch`), in the store's global order:
 * first straight from the event store (catch-up: fast, and NATS retention does not matter), then
 * live from JetStream starting at the first message the catch-up did not cover. Any
 * infrastructure failure (NATS down, store busy, a gap in delivery) restarts that cycle from the
 * last position dealt with, so nothing is skipped and nothing is handled twice in one run.
 */
export const startConsumer = async <T extends EventType = EventType>(
  untyped: ConsumerOptions<T>,
): Promise<ConsumerHandle> => {
  // Only events of `eventTypes` ever reach the handlers (see `wanted`), which is what T promises them.
  const options = untyped as unknown as ConsumerOptions;
  const { nats, store, name } = options;
  const wantedTypes = options.eventTypes ? new Set<string>(options.eventTypes) : undefined;
  /** An event of another type is stepped over before its payload is even parsed. */
  const wanted = (type: string | undefined) => !wantedTypes || type === undefined || wantedTypes.has(type);
  // A filter that keeps every event is no filter: the stricter unfiltered delivery checks apply.
  const filterSubject = options.filterSubject === `${EVENTS_SUBJECT_PREFIX}.>` ? undefined : options.filterSubject;
  if (!name) throw new BusError('bad_message', 'a consumer needs a name');
  const policy = {
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    backoffMs: options.backoffMs ?? [50, 200, 1_000],
  };
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const batchSize = options.batchSize ?? 1_000;
  const maxBatch = Math.max(1, options.maxBatch ?? 256);
  const onError = options.onError ?? defaultOnError(name);
  const jsm = await nats.jetstreamManager();
  const js = nats.jetstream();
  await ensureEventStreams(jsm);

  const stopper = new AbortController();
  const progress = new Progress(options.startAfter ?? 0n, store, filterSubject);
  let messages: ConsumerMessages | undefined;

  // Messages in flight during a disconnect can be lost, and a later redelivery would come after
  // newer ones: after a reconnect, start the cycle again from the last position dealt with.
  const connectionStatus = nats.status();
  void (async () => {
    for await (const status of connectionStatus) if (status.type === 'reconnect') messages?.stop();
  })();

  const dealWith = async (event: StoredEvent, source: HandlerContext['source'], message?: JsMsg) => {
    if (!subjectMatches(filterSubject, subjectFor(event.stream, event.type))) return progress.advance(event.position);
    const heartbeat = message ? setInterval(() => message.working(), Math.max(100, ackWaitMs / 3)) : undefined;
    try {
      const outcome = await handleEvent(event, options.handle, policy, { source, signal: stopper.signal });
      if (outcome.kind === 'give_up') {
        const parked = await parkEvent({ js, store, consumer: name }, event, outcome.attempts, outcome.reason);
        await options.onParked?.(parked);
      }
    } finally {
      clearInterval(heartbeat);
    }
    progress.advance(event.position);
  };

  /**
   * A run of events in order (each with its message when live): all at once through
   * `handleBatch` when there is one and it succeeds, else one by one. Messages are acked once
   * their event is dealt with; acks made in one tick leave in one socket write.
   */
  const dealWithRun = async (
    run: readonly { event: StoredEvent; message?: JsMsg }[],
    source: HandlerContext['source'],
  ) => {
    if (run.length === 0) return;
    if (options.handleBatch && run.length > 1 && (await handledAsBatch(options.handleBatch, run, source))) {
      progress.advance(run[run.length - 1]!.event.position);
      for (const { message } of run) message?.ack();
      return;
    }
    for (const { event, message } of run) {
      if (stopper.signal.aborted) throw new BusError('stopped', 'consumer stopped');
      await dealWith(event, source, message);
      message?.ack();
    }
  };

  /** False when the run must go one by one: something undecodable in it, or the batch handler failed. */
  const handledAsBatch = async (
    handleBatch: NonNullable<ConsumerOptions['handleBatch']>,
    run: readonly { event: StoredEvent; message?: JsMsg }[],
    source: HandlerContext['source'],
  ): Promise<boolean> => {
    const events: DecodedEvent[] = [];
    const contexts: HandlerContext[] = [];
    for (const { event } of run) {
      if (!subjectMatches(filterSubject, subjectFor(event.stream, event.type))) continue;
      const decoded = decodeEvent(event);
      if (!decoded.ok) return false;
      events.push(decoded.event);
      contexts.push({ source, signal: stopper.signal, attempt: 1, traceparent: decoded.event.traceparent });
    }
    if (events.length === 0) return true;
    const heartbeat =
      source === 'jetstream'
        ? setInterval(() => run.forEach(({ message }) => message?.working()), Math.max(100, ackWaitMs / 3))
        : undefined;
    try {
      await handleBatch(events, contexts);
      return true;
    } catch {
      return false; // one by one now: retries, and parking of whichever event is at fault
    } finally {
      clearInterval(heartbeat);
    }
  };

  const catchUp = async () => {
    for (;;) {
      const batch = await store.readAll({ after: progress.position, maxCount: batchSize });
      const fresh = batch.filter((event) => event.position > progress.position);
      for (let i = 0; i < fresh.length; i += maxBatch) {
        if (stopper.signal.aborted) return;
        const slice = fresh.slice(i, i + maxBatch);
        await dealWithRun(
          slice.filter((event) => wanted(event.type)).map((event) => ({ event })),
          'store',
        );
        progress.advance(slice[slice.length - 1]!.position);
      }
      if (batch.length < batchSize || stopper.signal.aborted) return;
    }
  };

  const live = async () => {
    const start = await findStartSequence(jsm, progress.position);
    if (start.position !== undefined) {
      const [next] = await store.readAll({ after: progress.position, maxCount: 1 });
      // The stream no longer holds an event we still need (retention): back to the store.
      if (next && next.position < start.position) return;
    }
    const durable = await recreateDurable(jsm, {
      name,
      startSeq: start.seq,
      ackWaitMs,
      maxDeliver: Math.max(options.maxDeliver ?? 10, 4),
      ...(filterSubject ? { filterSubject } : {}),
    });
    if (stopper.signal.aborted) return;
    const consumer = await js.consumers.get(EVENTS_STREAM, durable);
    const current = await consumer.consume({ max_messages: 256 });
    messages = current;
    void (async () => {
      for await (const status of await current.status()) {
        if (['consumer_deleted', 'consumer_not_found', 'stream_not_found'].includes(status.type)) current.stop();
      }
    })().catch(() => undefined);
    // Messages are taken off the iterator as they come and handled in runs: whatever arrived
    // while the previous run was being handled is the next run (no timer, no waiting to fill).
    const inbox: JsMsg[] = [];
    let wake: (() => void) | undefined;
    let pumpDone = false;
    let pumpError: unknown;
    const pump = (async () => {
      try {
        for await (const message of current) {
          inbox.push(message);
          wake?.();
        }
      } catch (error) {
        pumpError = error;
      } finally {
        pumpDone = true;
        wake?.();
      }
    })();
    // Without a filter every sequence is ours, so a jump means a delivery was lost.
    let expectedSeq = filterSubject ? undefined : start.seq;
    try {
      for (;;) {
        if (stopper.signal.aborted) break;
        if (inbox.length === 0) {
          if (pumpDone) {
            if (pumpError !== undefined) throw pumpError;
            break;
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const run: { event: StoredEvent; message: JsMsg }[] = [];
        /** Events of types this consumer does not use: acked once the run before and around them is dealt with. */
        const steppedOver: JsMsg[] = [];
        let highest = progress.position;
        let gap = false;
        for (const message of inbox.splice(0, maxBatch)) {
          const position = positionOf(message);
          if (position === undefined) {
            onError(
              new BusError(
                'bad_message',
                `${EVENTS_STREAM} message ${message.seq} has no Market-Position header: not from the relay, skipped`,
              ),
            );
            message.term();
            continue;
          }
          if (position <= highest) {
            message.ack(); // redelivery, or published after the catch-up already read it
          } else {
            if (expectedSeq !== undefined && message.seq > expectedSeq) {
              gap = true;
              break;
            }
            if (wanted(message.headers?.get(marketHeaders.type) || undefined)) {
              const event = await messageToEvent(message, position, store);
              if (!event)
                throw new BusError(
                  'bad_message',
                  `event at position ${position} is in ${EVENTS_STREAM} but not in the store`,
                );
              run.push({ event, message });
            } else {
              steppedOver.push(message);
            }
            highest = position;
          }
          if (expectedSeq !== undefined && message.seq >= expectedSeq) expectedSeq = message.seq + 1;
        }
        await dealWithRun(run, 'jetstream');
        for (const message of steppedOver) message.ack();
        progress.advance(highest);
        if (gap) break;
      }
    } finally {
      messages = undefined;
      current.stop();
      await pump;
    }
  };

  const run = async () => {
    let failures = 0;
    while (!stopper.signal.aborted) {
      try {
        await catchUp();
        if (stopper.signal.aborted) break;
        await live();
        failures = 0;
        await pause(20, stopper.signal);
      } catch (error) {
        if (stopper.signal.aborted) break;
        onError(error);
        await pause(Math.min(100 * 2 ** failures++, 5_000), stopper.signal);
      }
    }
  };
  const running = run();

  return {
    position: () => progress.position,
    waitFor: (position, waitOptions) => progress.waitFor(position, waitOptions),
    stop: async () => {
      stopper.abort();
      messages?.stop();
      await running;
      (connectionStatus as { stop?: () => void }).stop?.();
      progress.stop();
    },
  };
};
