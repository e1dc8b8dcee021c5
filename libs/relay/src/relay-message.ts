import { headers as marketHeaders, subjectFor } from '@market/contracts';
import type { StoredEvent } from '@market/event-store';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

/**
 * The event's revision in its stream. Not in the contracts' header list (yet): consumers need it
 * to rebuild a `DecodedEvent` from the message alone, without reading the store.
 */
export const REVISION_HEADER = 'Market-Revision';

export interface RelayMessage {
  subject: string;
  payload: Uint8Array;
  headers: MsgHdrs;
}

const encoder = new TextEncoder();

/** Header values cannot carry CR/LF; a corrupt stored row must not break the relay. */
const headerValue = (value: unknown): string => String(value).replace(/[\r\n]+/g, ' ');

/** The one wire shape of a relayed event: payload `{ metadata, data }` exactly as stored, routing facts in headers. */
export const toRelayMessage = (event: StoredEvent): RelayMessage => {
  const meta = (typeof event.metadata === 'object' && event.metadata !== null ? event.metadata : {}) as Record<
    string,
    unknown
  >;
  const h = natsHeaders();
  h.set(marketHeaders.position, event.position.toString());
  h.set(REVISION_HEADER, event.revision.toString());
  h.set(marketHeaders.stream, headerValue(event.stream));
  h.set(marketHeaders.type, headerValue(event.type));
  if (meta.schemaVersion !== undefined) h.set(marketHeaders.schemaVersion, headerValue(meta.schemaVersion));
  if (typeof meta.correlationId === 'string') h.set(marketHeaders.correlationId, headerValue(meta.correlationId));
  if (typeof meta.traceparent === 'string') h.set(marketHeaders.traceparent, headerValue(meta.traceparent));
  return {
    subject: subjectFor(event.stream, event.type),
    payload: encoder.encode(JSON.stringify({ metadata: event.metadata, data: event.data })),
    headers: h,
  };
};
