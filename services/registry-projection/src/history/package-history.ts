import { decodeEvent, streams } from '@market/contracts';
import type { EventStore } from '@market/event-store';

export interface HistoryEntry {
  /** Global store position and stream revision, as decimal strings (they are 64-bit). */
  position: string;
  revision: string;
  eventId: string;
  type: string;
  occurredAt: string | null;
  actor: string | null;
  correlationId: string | null;
  causationId: string | null;
  data: unknown;
  /** Set when the stored event could not be decoded: the audit log still shows it, raw. */
  decodeError?: string;
}

export interface HistoryPage {
  events: HistoryEntry[];
  /** Revision to pass as `from` for the next page, null at the end. */
  nextFrom: string | null;
}

/** One page of a package's audit log, straight from the event store (the source of truth). */
export const packageHistory = async (
  store: EventStore,
  name: string,
  from: bigint,
  limit: number,
): Promise<HistoryPage> => {
  const raw = await store.readStream(streams.package(name), { fromRevision: from, maxCount: limit + 1 });
  const page = raw.slice(0, limit);
  const events = page.map((stored): HistoryEntry => {
    const decoded = decodeEvent(stored);
    const meta = (decoded.ok ? decoded.event : (stored.metadata ?? {})) as Record<string, unknown>;
    const text = (key: string) => (typeof meta[key] === 'string' ? (meta[key] as string) : null);
    return {
      position: stored.position.toString(),
      revision: stored.revision.toString(),
      eventId: stored.eventId,
      type: stored.type,
      occurredAt: text('occurredAt'),
      actor: text('actor'),
      correlationId: text('correlationId'),
      causationId: text('causationId'),
      data: decoded.ok ? decoded.event.data : stored.data,
      ...(decoded.ok ? {} : { decodeError: `${decoded.reason}: ${decoded.detail}` }),
    };
  });
  const last = page[page.length - 1];
  return { events, nextFrom: raw.length > limit && last ? (last.revision + 1n).toString() : null };
};
