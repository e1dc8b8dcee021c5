import type { AllStreamResolvedEvent, AppendExpectedRevision, ResolvedEvent } from '@eventstore/db-client';
import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import type { StoredEvent } from '../event-store.js';
import type { ExpectedRevision } from '../expected-revision.js';

/** Stream reads on some server versions carry no log position; such events report this. */
export const UNKNOWN_POSITION = -1n;

/** The client's own connection string parser only knows the esdb schemes. */
export const toClientConnectionString = (url: string): string =>
  url.replace(/^(kurrentdb|kurrent)(\+discover)?:\/\//i, 'esdb$2://');

export const toEsdbExpected = (expected: ExpectedRevision): AppendExpectedRevision => {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return expected;
};

/** `$`-prefixed streams and types are the server's own bookkeeping, never domain events. */
export const isSystemEvent = (resolved: AllStreamResolvedEvent | ResolvedEvent): boolean => {
  const event = resolved.event;
  return event === undefined || event.streamId.startsWith('$') || event.type.startsWith('$');
};

/** The commit position is the global position: one per committed event, increasing in $all order. */
export const toStoredEvent = (resolved: AllStreamResolvedEvent | ResolvedEvent): StoredEvent => {
  const event = resolved.event!;
  const commit = resolved.commitPosition ?? event.position?.commit;
  return {
    position: commit !== undefined && commit < 0xffff_ffff_ffff_ffffn ? commit : UNKNOWN_POSITION,
    revision: event.revision,
    stream: event.streamId,
    type: event.type,
    eventId: event.id,
    metadata: toJsonValue(event.metadata),
    data: toJsonValue(event.data),
  };
};

/** Non-JSON payloads (a foreign writer's binary event) are handed over as text for decodeEvent to reject. */
const toJsonValue = (value: unknown): unknown =>
  value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value;
