import { headers as marketHeaders } from '@market/contracts';
import type { EventStore, StoredEvent } from '@market/event-store';
import { REVISION_HEADER } from '@market/relay';
import type { JsMsg } from 'nats';

const decoder = new TextDecoder();

/** The store position a relayed message carries, or undefined when it was not published by the relay. */
export const positionOf = (message: JsMsg): bigint | undefined => {
  const raw = message.headers?.get(marketHeaders.position) ?? '';
  return /^\d+$/.test(raw) ? BigInt(raw) : undefined;
};

/**
 * Rebuilds the stored event from a relayed message. A payload that does not parse stays as raw
 * text, so decodeEvent reports it (and the event gets parked) instead of the consumer failing.
 * Messages from an older relay without the revision header are read back from the store.
 */
export const messageToEvent = async (
  message: JsMsg,
  position: bigint,
  store: EventStore,
): Promise<StoredEvent | undefined> => {
  const h = message.headers;
  const revision = h?.get(REVISION_HEADER) ?? '';
  if (!/^\d+$/.test(revision)) {
    const [event] = await store.readAll({ after: position - 1n, maxCount: 1 });
    return event?.position === position ? event : undefined;
  }
  const text = decoder.decode(message.data);
  let body: { metadata?: unknown; data?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as typeof body;
  } catch {
    body = { metadata: text };
  }
  const metadata = body.metadata as { eventId?: unknown } | undefined;
  return {
    position,
    revision: BigInt(revision),
    stream: h?.get(marketHeaders.stream) ?? '',
    type: h?.get(marketHeaders.type) ?? '',
    eventId: h?.get('Nats-Msg-Id') || String(metadata?.eventId ?? '?'),
    metadata: body.metadata,
    data: body.data,
  };
};
