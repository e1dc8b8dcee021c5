import type { EventStore } from '@market/event-store';
import type { NatsConnection } from 'nats';
import { PublishWindow } from './publish-window.js';
import { isWrongLastSequence } from './relay-error.js';
import { ensureEventStreams } from './stream-config.js';
import { readStreamTip, type StreamTip } from './stream-tip.js';

export interface RelayOptions {
  store: EventStore;
  nats: NatsConnection;
  /** Aborting it stops the relay, like `stop()`. */
  signal?: AbortSignal;
  /** Publishes awaiting their ack at once. Default 1,000. */
  maxInFlight?: number;
  /** Events per catch-up read. Default 1,000. */
  batchSize?: number;
  /** Per-publish ack timeout. Default 10 s. */
  publishTimeoutMs?: number;
  /** Called with every error the relay recovers from (it retries with backoff). Default: a JSON line on stderr. */
  onError?: (error: unknown) => void;
}

export interface Relay {
  /** Stops tailing, waits for outstanding acks. Does not close the store or the connection. */
  stop(): Promise<void>;
  /** Store position of the last event this relay knows to be in the stream. */
  publishedUpTo(): bigint;
}

const defaultOnError = (error: unknown) =>
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', component: 'relay', msg: 'relay error, retrying', error: error instanceof Error ? error.message : String(error) })}\n`,
  );

/**
 * Tails the store in global order and publishes every event to JetStream. Holds no checkpoint of
 * its own: on start, and whenever the server says the stream moved, it re-reads the stream's last
 * message and continues after that event. Safe to kill at any moment and to run more than once.
 */
export const startRelay = async (options: RelayOptions): Promise<Relay> => {
  const { store, nats } = options;
  const onError = options.onError ?? defaultOnError;
  const jsm = await nats.jetstreamManager();
  await ensureEventStreams(jsm);

  const stopper = new AbortController();
  const stop = () => stopper.abort();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });

  let published = 0n;
  const run = async () => {
    let failures = 0;
    let conflicts = 0;
    while (!stopper.signal.aborted) {
      try {
        const tip = await readStreamTip(jsm);
        if (tip.position > published) published = tip.position;
        await relayFrom(tip, () => (conflicts = failures = 0));
      } catch (error) {
        if (stopper.signal.aborted) break;
        if (isWrongLastSequence(error)) {
          // Another relay is ahead: re-sync at once, backing off only if we keep losing races.
          if (++conflicts > 3) await pause(Math.min(2 ** conflicts, 200) * Math.random(), stopper.signal);
          continue;
        }
        onError(error);
        await pause(Math.min(100 * 2 ** failures++, 5_000), stopper.signal);
      }
    }
  };

  const relayFrom = async (tip: StreamTip, onProgress: () => void) => {
    const subscription = new AbortController();
    const stopSubscription = () => subscription.abort();
    stopper.signal.addEventListener('abort', stopSubscription, { once: true });
    const window = new PublishWindow(nats, tip, {
      maxInFlight: options.maxInFlight ?? 1_000,
      timeoutMs: options.publishTimeoutMs ?? 10_000,
      onAck: (position) => {
        if (position > published) published = position;
        onProgress();
      },
      onFailure: stopSubscription,
    });
    const batchSize = options.batchSize ?? 1_000;
    try {
      let after = tip.position;
      for (;;) {
        if (subscription.signal.aborted) break;
        const batch = await store.readAll({ after, maxCount: batchSize });
        for (const event of batch) {
          if (!window.hasRoom()) await window.room();
          window.send(event);
          after = event.position;
        }
        if (batch.length < batchSize) break;
      }
      for await (const event of store.subscribeToAll({ after, signal: subscription.signal })) {
        if (subscription.signal.aborted) break;
        if (!window.hasRoom()) await window.room();
        window.send(event);
      }
    } finally {
      subscription.abort();
      stopper.signal.removeEventListener('abort', stopSubscription);
      await window.settled();
      window.close();
    }
    if (window.failed !== undefined) throw window.failed;
  };

  const loop = run();
  return {
    stop: async () => {
      stop();
      await loop;
      options.signal?.removeEventListener('abort', stop);
    },
    publishedUpTo: () => published,
  };
};

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
