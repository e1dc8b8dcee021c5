import type { DecodedEventOf, EventType } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import type { NatsConnection } from 'nats';

export interface HandlerContext {
  /** W3C trace context of the event (from its metadata), to continue the publication's trace. */
  traceparent: string | null;
  /** 1 on the first try, up to maxAttempts. */
  attempt: number;
  /** Where the event came from: the store during catch-up, JetStream when live. */
  source: 'store' | 'jetstream';
  /** Aborted when the consumer stops: a long handler may give up (the event is then not acked). */
  signal: AbortSignal;
}

export type EventHandler<T extends EventType = EventType> = (
  event: DecodedEventOf<T>,
  context: HandlerContext,
) => unknown;

/** Events in global order, each with its own context (attempt 1). */
export type BatchHandler<T extends EventType = EventType> = (
  events: readonly DecodedEventOf<T>[],
  contexts: readonly HandlerContext[],
) => unknown;

/** What the consumer knew about an event when it gave up on it. */
export interface ParkedEvent {
  position: bigint;
  eventId: string;
  stream: string;
  type: string;
  attempts: number;
  reason: string;
}

export interface ConsumerOptions<T extends EventType = EventType> {
  /** Durable consumer name, unique per service instance (two live instances with one name fight). */
  name: string;
  nats: NatsConnection;
  store: EventStore;
  /** Global position already handled: the consumer starts with the event after it. Default 0n. */
  startAfter?: bigint;
  /** A single NATS subject filter, e.g. `market.events.package.>`. Default: every event. */
  filterSubject?: string;
  /**
   * The event types the handlers act on. Events of other types move the position on without
   * being parsed, decoded, handled or checkpointed (NATS 2.9 has one filter subject per consumer,
   * so most consumers are sent more than they use). An event of another type that is malformed
   * is not this consumer's to park. Default: every type.
   */
  eventTypes?: readonly T[];
  /** Must be idempotent: after a crash the last event may be handled again. */
  handle: EventHandler<T>;
  /**
   * Optional fast path for a run of events that arrived together (a catch-up read, or JetStream
   * messages already buffered): handles them all at once (e.g. in one read-model transaction)
   * and must be all-or-nothing. If it throws, the bus hands the same events to `handle` one by
   * one, with the usual retries and parking, so a poison event is still isolated.
   */
  handleBatch?: BatchHandler<T>;
  /** Most events per `handleBatch` call. Default 256. */
  maxBatch?: number;
  /** Tries per event before it is parked. Default 5. */
  maxAttempts?: number;
  /** Pause before retry n (the last value repeats). Default [50, 200, 1000]. */
  backoffMs?: readonly number[];
  /** JetStream ack wait; the consumer signals "working" while a handler runs. Default 30 s. */
  ackWaitMs?: number;
  /** JetStream redelivery cap, the backstop behind the in-process retries. Default 10. */
  maxDeliver?: number;
  /** Events per read during catch-up from the store. Default 1,000. */
  batchSize?: number;
  /** Called after an event was parked (dead-lettered and recorded), before the consumer moves on. */
  onParked?: (parked: ParkedEvent) => void | Promise<void>;
  /** Called with infrastructure errors the consumer recovers from by restarting. Default: a JSON line on stderr. */
  onError?: (error: unknown) => void;
}

export interface ConsumerHandle {
  /** Everything up to this global position has been handled, parked, or was not for this consumer. */
  position(): bigint;
  /** Resolves once `position()` >= `position`, events filtered out included. */
  waitFor(position: bigint, options?: { timeoutMs?: number }): Promise<void>;
  /** Stops after the event in hand (its retries are abandoned, unacked); leaves the store and connection open. */
  stop(): Promise<void>;
}
