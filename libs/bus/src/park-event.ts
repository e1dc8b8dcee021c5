import { DEAD_LETTER_STREAM, deadLetterSubject, headers as marketHeaders, newEvent, streams } from '@market/contracts';
import type { EventStore, StoredEvent } from '@market/event-store';
import { toRelayMessage } from '@market/relay';
import type { JetStreamClient } from 'nats';
import type { ParkedEvent } from './consumer-options.js';

/** Headers a dead-lettered message carries on top of the relayed ones. */
export const deadLetterHeaders = {
  reason: 'Market-Dead-Letter-Reason',
  attempts: 'Market-Dead-Letter-Attempts',
  consumer: 'Market-Dead-Letter-Consumer',
  position: marketHeaders.position,
} as const;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Gives up on one event for one consumer: the original message goes to the dead-letter stream
 * (deduplicated per consumer and event, so a crash between the two steps does not double it),
 * and a ConsumerEventParked event records it in the store, where audits and alerts find it.
 */
export const parkEvent = async (
  deps: { js: JetStreamClient; store: EventStore; consumer: string },
  event: StoredEvent,
  attempts: number,
  reason: string,
): Promise<ParkedEvent> => {
  const { js, store, consumer } = deps;
  const message = toRelayMessage(event);
  message.headers.set(deadLetterHeaders.reason, clip(oneLine(reason), 1_000));
  message.headers.set(deadLetterHeaders.attempts, String(attempts));
  message.headers.set(deadLetterHeaders.consumer, consumer);
  await js.publish(deadLetterSubject(consumer), message.payload, {
    headers: message.headers,
    msgID: `${consumer}:${event.eventId}:${event.position}`,
    expect: { streamName: DEAD_LETTER_STREAM },
  });

  const meta = (event.metadata ?? {}) as {
    correlationId?: unknown;
    traceparent?: unknown;
    type?: unknown;
    data?: unknown;
  };
  // A consumer that fails on the record of its own parked events must not feed itself forever.
  const parksItsOwnRecord =
    event.type === 'ConsumerEventParked' && (event.data as { consumer?: unknown } | null)?.consumer === consumer;
  if (!parksItsOwnRecord) {
    const record = newEvent(
      'ConsumerEventParked',
      streams.consumer(consumer),
      {
        consumer: clip(consumer, 200),
        eventId: clip(event.eventId || '?', 200),
        eventType: clip(event.type, 200),
        stream: clip(event.stream, 500),
        position: event.position.toString(),
        attempts,
        reason: clip(reason, 4_000),
      },
      {
        actor: clip(`consumer:${consumer}`, 200),
        correlationId:
          typeof meta.correlationId === 'string' && meta.correlationId.length <= 200 && meta.correlationId
            ? meta.correlationId
            : undefined,
        causationId: event.eventId ? clip(event.eventId, 200) : null,
        traceparent:
          typeof meta.traceparent === 'string' && TRACEPARENT.test(meta.traceparent) ? meta.traceparent : null,
      },
    );
    await store.append(record.stream, [record]);
  }
  return { position: event.position, eventId: event.eventId, stream: event.stream, type: event.type, attempts, reason };
};
