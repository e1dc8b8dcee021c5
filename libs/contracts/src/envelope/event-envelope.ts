import { z } from 'zod';
import { isoDateTimeSchema } from '../events/primitives.js';

/**
 * Metadata every event carries, whatever its type. Keys are stable wire names:
 * they are stored in the event store's metadata and copied into NATS headers.
 */
export const eventMetadataSchema = z.object({
  eventId: z.string().uuid(),
  type: z.string().min(1).max(200),
  schemaVersion: z.number().int().positive(),
  stream: z.string().min(1).max(500),
  occurredAt: isoDateTimeSchema,
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  actor: z.string().min(1).max(200),
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .nullable(),
});

export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** An event as produced by a decider, before the store gives it a position. */
export interface EventEnvelope<TType extends string = string, TData = unknown> extends EventMetadata {
  type: TType;
  data: TData;
}

/** Where an event sits once appended: its global position and its revision in its stream. */
export interface StorePosition {
  /** Global, totally ordered, strictly increasing position in the store (opaque density). */
  position: bigint;
  /** 0-based revision of the event in its own stream. */
  revision: bigint;
}

export type RecordedEvent<TType extends string = string, TData = unknown> = EventEnvelope<TType, TData> & StorePosition;
