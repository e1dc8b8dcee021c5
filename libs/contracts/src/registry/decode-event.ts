import type { RecordedEvent, EventMetadata } from '../envelope/event-envelope.js';
import { eventMetadataSchema } from '../envelope/event-envelope.js';
import type { DomainEvent } from './event-registry.js';
import { currentSchemaVersion, isEventType, typeSpec } from './event-registry.js';

/** Why a stored event could not be read as a current domain event. */
export type DecodeFailureReason = 'unknown_type' | 'bad_metadata' | 'bad_data' | 'future_version';

export interface DecodeFailure {
  ok: false;
  position: bigint;
  stream: string;
  eventId: string;
  reason: DecodeFailureReason;
  detail: string;
}

export type DecodedEvent = DomainEvent & { position: bigint; revision: bigint };
/** A decoded event of one of the types `T`. */
export type DecodedEventOf<T extends DomainEvent['type']> = Extract<DecodedEvent, { type: T }>;
export type DecodeResult = { ok: true; event: DecodedEvent } | DecodeFailure;

/** The raw shape as the store returns it: metadata and data not yet trusted. */
export interface RawRecordedEvent {
  position: bigint;
  revision: bigint;
  metadata: unknown;
  data: unknown;
}

/**
 * Validates metadata and data against the schema of the event's version, upcasts older
 * versions step by step to the current one, and reports (never throws) what is malformed.
 */
export const decodeEvent = (raw: RawRecordedEvent): DecodeResult => {
  const meta = eventMetadataSchema.safeParse(raw.metadata);
  const fallback = (raw.metadata ?? {}) as Partial<EventMetadata>;
  const fail = (reason: DecodeFailureReason, detail: string): DecodeFailure => ({
    ok: false,
    position: raw.position,
    stream: String(fallback.stream ?? '?'),
    eventId: String(fallback.eventId ?? '?'),
    reason,
    detail,
  });
  if (!meta.success) return fail('bad_metadata', meta.error.issues.map(formatIssue).join('; '));
  const { type, schemaVersion } = meta.data;
  if (!isEventType(type)) return fail('unknown_type', `unknown event type ${JSON.stringify(type)}`);
  const current = currentSchemaVersion(type);
  if (schemaVersion > current) return fail('future_version', `${type} v${schemaVersion} is newer than v${current}`);
  const spec = typeSpec(type);
  let data: unknown = raw.data;
  for (let v = schemaVersion; v < current; v++) {
    const step = spec.older?.[v];
    if (!step) return fail('bad_data', `no upcaster for ${type} v${v}`);
    const parsed = step.schema.safeParse(data);
    if (!parsed.success) return fail('bad_data', `${type} v${v}: ${parsed.error.issues.map(formatIssue).join('; ')}`);
    data = step.upcast(parsed.data as never);
  }
  const parsed = spec.current.safeParse(data);
  if (!parsed.success)
    return fail('bad_data', `${type} v${current}: ${parsed.error.issues.map(formatIssue).join('; ')}`);
  const event = {
    ...meta.data,
    schemaVersion: current,
    data: parsed.data,
    position: raw.position,
    revision: raw.revision,
  };
  return { ok: true, event: event as DecodedEvent };
};

const formatIssue = (issue: { path: PropertyKey[]; message: string }) =>
  `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;

/** Splits an envelope into what the store persists as metadata and as data. */
export const encodeEvent = (event: DomainEvent | RecordedEvent) => {
  const { data, ...rest } = event as RecordedEvent;
  const { position: _p, revision: _r, ...metadata } = rest as RecordedEvent;
  return { metadata: metadata as EventMetadata, data };
};

/** A type guard for events of the given types, e.g. to replay only what one projection applies. */
export const eventTypeGuard = <T extends DomainEvent['type']>(types: readonly T[]) => {
  const set: ReadonlySet<string> = new Set(types);
  return <E extends { type: string }>(event: E): event is Extract<E, { type: T }> => set.has(event.type);
};
