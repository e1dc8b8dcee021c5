import type { DomainEvent, RawRecordedEvent } from '@market/contracts';
import type { ExpectedRevision } from './expected-revision.js';

/** An event as any adapter returns it: position, revision and identity trusted; metadata/data not yet decoded. */
export interface StoredEvent extends RawRecordedEvent {
  stream: string;
  type: string;
  eventId: string;
}

export interface AppendResult {
  /** Revision of the last event written: pass it as the next expected revision. */
  nextExpectedRevision: bigint;
  /** Global position of the last event written. */
  position: bigint;
}

export interface ReadAllOptions {
  /** Exclusive lower bound; omit to read from the very beginning. */
  after?: bigint;
  maxCount?: number;
}

export interface ReadStreamOptions {
  /** Inclusive, 0-based. */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive lower bound; omit to start from the beginning. */
  after?: bigint;
  signal?: AbortSignal;
}

/**
 * The event store port. Every adapter passes the same contract suite
 * (libs/event-store/src/testing/event-store-contract.ts).
 */
export interface EventStore {
  /** Appends atomically; throws WrongExpectedRevisionError when the stream is not where the caller expects. */
  append(
    stream: string,
    events: readonly DomainEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Position of the last event in the store, 0n when empty. */
  headPosition(): Promise<bigint>;
  /** Catch-up from `after`, then live, in global order, with no loss and no duplicates, until aborted. */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<StoredEvent>;
  close(): Promise<void>;
}
