import { streams, type DomainEvent } from '@market/contracts';
import { openEventStore } from '@market/event-store';
import { downloadsCounted } from '@market/testing';
import { seededRandom as rng } from '../../support/seeded-random.js';

/**
 * Crash-test writer: appends COUNT DownloadsCounted events, as singles and as batches of up to
 * 25, to a few streams of its own. Env: MARKET_EVENT_STORE_URL, WRITER_ID, COUNT, SEED.
 */
const id = process.env.WRITER_ID ?? '0';
const count = Number(process.env.COUNT ?? 1000);
const random = rng(Number(process.env.SEED ?? 1) * 1_000 + Number(id));

const store = await openEventStore(process.env.MARKET_EVENT_STORE_URL!);
let written = 0;
while (written < count) {
  const size = random() < 0.5 ? 1 : Math.min(count - written, 2 + Math.floor(random() * 24));
  const pkg = `w${id}-${Math.floor(random() * 4)}`;
  const stream = streams.package(`test/pkg-${pkg}`);
  const batch: DomainEvent[] = Array.from({ length: size }, () => ({
    ...downloadsCounted(pkg, 1 + Math.floor(random() * 100)),
    stream,
  }));
  await store.append(stream, batch);
  written += batch.length;
}
await store.close();
console.log(`writer ${id} done: ${written}`);
