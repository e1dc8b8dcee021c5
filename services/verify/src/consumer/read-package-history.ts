import { decodeEvent, type DecodedEvent } from '@market/contracts';
import type { EventStore } from '@market/event-store';

export interface PackageHistory {
  events: DecodedEvent[];
  /** Revision of the stream's last event, for an optimistic append after it. */
  lastRevision: bigint | undefined;
}

/** A package stream decoded; events that fail to decode are not ours to judge and are left out. */
export async function readPackageHistory(store: EventStore, stream: string): Promise<PackageHistory> {
  const raw = await store.readStream(stream);
  const events: DecodedEvent[] = [];
  for (const stored of raw) {
    const decoded = decodeEvent(stored);
    if (decoded.ok) events.push(decoded.event);
  }
  return { events, lastRevision: raw.at(-1)?.revision };
}
