import type { DecodedEvent } from '@market/contracts';
import { decodeEvent, streams } from '@market/contracts';
import type { EventStore, StoredEvent } from '@market/event-store';

const PAGE = 500;

/** Every stored event of a package's stream (look-alike names share one), page by page. */
export async function* readPackageStream(store: EventStore, name: string): AsyncGenerator<StoredEvent> {
  const stream = streams.package(name);
  let fromRevision = 0n;
  for (;;) {
    const page = await store.readStream(stream, { fromRevision, maxCount: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    fromRevision = page[page.length - 1]!.revision + 1n;
  }
}

/** Decoded events only: an event that cannot be decoded means nothing to the registry state. */
export async function* decodedPackageEvents(store: EventStore, name: string): AsyncGenerator<DecodedEvent> {
  for await (const raw of readPackageStream(store, name)) {
    const decoded = decodeEvent(raw);
    if (decoded.ok) yield decoded.event;
  }
}
