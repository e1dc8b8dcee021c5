import { decodeEvent, type DecodedEvent } from '@market/contracts';
import type { EventStore } from '@market/event-store';

export interface DecodedStream {
  events: DecodedEvent[];
  /** Revision of the stream's last event, or undefined when the stream does not exist. */
  revision: bigint | undefined;
}

/**
 * Reads one stream and decodes it. An event that no longer decodes is skipped: it cannot have
 * been appended by a current writer, and one bad record must not wedge every decision on the stream.
 */
export const readDecoded = async (store: EventStore, stream: string): Promise<DecodedStream> => {
  const raw = await store.readStream(stream);
  const events: DecodedEvent[] = [];
  for (const r of raw) {
    const decoded = decodeEvent(r);
    if (decoded.ok) events.push(decoded.event);
  }
  return { events, revision: raw.at(-1)?.revision };
};
