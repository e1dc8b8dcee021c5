import type { EventEnvelope, EventMetadata } from './event-envelope.js';
import { uuidv7 } from './uuid-v7.js';
import type { DomainEvent, EventData, EventType } from '../registry/event-registry.js';
import { currentSchemaVersion } from '../registry/event-registry.js';

export interface EventContext {
  correlationId?: string;
  causationId?: string | null;
  actor: string;
  traceparent?: string | null;
  now?: Date;
}

/** Builds a fully-populated envelope at the current schema version of its type. */
export const newEvent = <T extends EventType>(
  type: T,
  stream: string,
  data: EventData<T>,
  context: EventContext,
): DomainEvent & EventEnvelope<T, EventData<T>> => {
  const eventId = uuidv7();
  const metadata: EventMetadata = {
    eventId,
    type,
    schemaVersion: currentSchemaVersion(type),
    stream,
    occurredAt: (context.now ?? new Date()).toISOString(),
    correlationId: context.correlationId ?? eventId,
    causationId: context.causationId ?? null,
    actor: context.actor,
    traceparent: context.traceparent ?? null,
  };
  return { ...metadata, type, data } as DomainEvent & EventEnvelope<T, EventData<T>>;
};
