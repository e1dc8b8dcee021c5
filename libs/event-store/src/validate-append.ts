import type { DomainEvent } from '@market/contracts';
import { InvalidAppendError } from './errors/event-store-error.js';

/**
 * Checks every adapter applies before touching storage, so that a bad batch is rejected the
 * same way whatever the backend: an event filed under another stream would be invisible to
 * readers of its own stream, and a repeated eventId would be dropped or rejected differently
 * by each backend.
 */
export const validateAppend = (stream: string, events: readonly DomainEvent[]): void => {
  if (typeof stream !== 'string' || stream.length === 0)
    throw new InvalidAppendError('stream name must be a non-empty string');
  if (stream.startsWith('$')) throw new InvalidAppendError(`stream ${stream}: names starting with $ are reserved`);
  if (!Array.isArray(events) || events.length === 0)
    throw new InvalidAppendError(`stream ${stream}: nothing to append`);
  const seen = new Set<string>();
  for (const event of events) {
    if (event === null || typeof event !== 'object')
      throw new InvalidAppendError(`stream ${stream}: an event must be an object`);
    if (event.stream !== stream) {
      throw new InvalidAppendError(
        `event ${String(event.eventId)} belongs to stream ${String(event.stream)}, not ${stream}`,
      );
    }
    if (typeof event.eventId !== 'string' || event.eventId.length === 0)
      throw new InvalidAppendError(`stream ${stream}: event without eventId`);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new InvalidAppendError(`event ${event.eventId}: missing type`);
    if (seen.has(event.eventId)) throw new InvalidAppendError(`event ${event.eventId} appears twice in one append`);
    seen.add(event.eventId);
  }
};
