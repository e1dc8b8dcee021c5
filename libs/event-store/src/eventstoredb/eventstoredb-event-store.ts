import type { AllStreamResolvedEvent, AllStreamSubscription, Position } from '@eventstore/db-client';
import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  START,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
} from '@eventstore/db-client';
import type { DomainEvent } from '@market/contracts';
import { encodeEvent } from '@market/contracts';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from '../event-store.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { InvalidAppendError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors/event-store-error.js';
import { validateAppend } from '../validate-append.js';
import { limitOf } from '../read-limit.js';
import {
  UNKNOWN_POSITION,
  isSystemEvent,
  toClientConnectionString,
  toEsdbExpected,
  toStoredEvent,
} from './esdb-mapping.js';

export interface EventStoreDbOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://…`, or the same with `kurrentdb`. */
  connectionString: string;
}

const PAGE = 500;

/**
 * EventStoreDB/KurrentDB adapter. The global position is the event's commit position in $all
 * (strictly increasing, not dense). The server's own `$` events are invisible through this port.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<AllStreamSubscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  async append(
    stream: string,
    events: readonly DomainEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    validateAppend(stream, events);
    const expected = options.expectedRevision ?? 'any';
    const payload = events.map((event) => {
      const { metadata, data } = encodeEvent(event);
      if (data === null || typeof data !== 'object')
        throw new InvalidAppendError(`event ${event.eventId}: data must be an object`);
      return jsonEvent({ id: event.eventId, type: event.type, data: data as Record<string, unknown>, metadata });
    });
    try {
      const result = await this.client.appendToStream(stream, payload, { expectedRevision: toEsdbExpected(expected) });
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: result.position?.commit ?? UNKNOWN_POSITION,
      };
    } catch (error) {
      if (isEsdbError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION) {
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(stream, expected, typeof actual === 'bigint' ? actual : undefined);
      }
      throw translate(error);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const maxCount = limitOf(options.maxCount);
    if (maxCount === 0) return [];
    const out: StoredEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        fromRevision: options.fromRevision ?? START,
        ...(maxCount > 0 ? { maxCount } : {}),
      });
      for await (const resolved of read) if (resolved.event) out.push(toStoredEvent(resolved));
    } catch (error) {
      if (isEsdbError(error) && error.type === ErrorType.STREAM_NOT_FOUND) return [];
      throw translate(error);
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const wanted = limitOf(options.maxCount);
    const out: StoredEvent[] = [];
    let after = options.after ?? 0n;
    // System events are dropped here, so a page may yield fewer domain events than asked: keep paging.
    while (wanted < 0 || out.length < wanted) {
      const page = await this.readPage(after, PAGE);
      for (const resolved of page) {
        const event = toStoredEvent(resolved);
        after = event.position;
        if (isSystemEvent(resolved) || event.position <= (options.after ?? 0n)) continue;
        out.push(event);
        if (out.length === wanted) break;
      }
      if (page.length < PAGE) break;
    }
    return out;
  }

  async headPosition(): Promise<bigint> {
    let from: Position | typeof END = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = [];
      try {
        for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: PAGE }))
          page.push(resolved);
      } catch (error) {
        throw translate(error);
      }
      const domain = page.find((resolved) => !isSystemEvent(resolved));
      if (domain) return toStoredEvent(domain).position;
      const last = page.at(-1);
      if (page.length < PAGE || !last?.event) return 0n;
      from = last.event.position;
    }
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    const { signal } = options;
    if (signal?.aborted) return;
    let cursor = options.after ?? 0n;
    const subscription = this.client.subscribeToAll({
      fromPosition: cursor === 0n ? START : { commit: cursor, prepare: cursor },
      filter: excludeSystemEvents(),
    });
    this.subscriptions.add(subscription);
    const stop = () => void subscription.unsubscribe();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
        if (signal?.aborted) return;
        if (!resolved.event || isSystemEvent(resolved)) continue;
        const event = toStoredEvent(resolved);
        // The server resumes *after* fromPosition, but a defensive check costs nothing.
        if (event.position <= cursor) continue;
        cursor = event.position;
        yield event;
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw translate(error);
    } finally {
      signal?.removeEventListener('abort', stop);
      this.subscriptions.delete(subscription);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe().catch(() => undefined)));
    await this.client.dispose();
  }

  /** Raw page of $all starting after `after` (inclusive reads, so the event at `after` is filtered by the caller). */
  private async readPage(after: bigint, maxCount: number): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      const read = this.client.readAll({
        fromPosition: after === 0n ? START : { commit: after, prepare: after },
        maxCount,
      });
      for await (const resolved of read) page.push(resolved);
    } catch (error) {
      throw translate(error);
    }
    return page;
  }
}

export const openEventStoreDb = (options: EventStoreDbOptions): EventStoreDbEventStore =>
  new EventStoreDbEventStore(EventStoreDBClient.connectionString(toClientConnectionString(options.connectionString)));

const isEsdbError = (error: unknown) => error instanceof Error && isCommandError(error);

const translate = (error: unknown): unknown => {
  if (!isEsdbError(error)) return error;
  if (
    error.type === ErrorType.UNAVAILABLE ||
    error.type === ErrorType.DEADLINE_EXCEEDED ||
    error.type === ErrorType.NOT_LEADER
  ) {
    return new StoreUnavailableError(`EventStoreDB: ${error.message}`, { cause: error });
  }
  return error;
};
