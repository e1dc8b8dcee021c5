import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '@market/blob-store';
import { decodeEvent, streams } from '@market/contracts';
import { openSqliteEventStore, type EventStore } from '@market/event-store';
import { createLogger } from '@market/observability';
import { connect, type NatsConnection } from 'nats';
import { startIngestService, type IngestService } from '../src/ingest-service.js';
import { openIngestReadModel } from '../src/read-model/open-ingest-read-model.js';
import { startIngestHarness, type IngestHarness } from './ingest-harness.js';
import { endorse, newPublisher, registerKey } from './publisher.js';

/**
 * Holds the next append to a key stream until released: the replica has decided and is about to
 * write, which is exactly where a second replica's decision must not slip in unnoticed.
 */
class KeyAppendGate {
  private armed = false;
  private release: (() => void) | undefined;
  private reached: (() => void) | undefined;

  /** Arms the gate; resolves once an append to a key stream is waiting at it. */
  arm(): Promise<void> {
    this.armed = true;
    return new Promise((resolve) => (this.reached = resolve));
  }

  open(): void {
    this.armed = false;
    this.release?.();
  }

  wrap(store: EventStore): EventStore {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        if (property !== 'append') return Reflect.get(target, property, receiver) as unknown;
        return async (...args: Parameters<EventStore['append']>) => {
          if (this.armed && args[0].startsWith('key-')) {
            const released = new Promise<void>((resolve) => (this.release = resolve));
            this.reached?.();
            await released;
          }
          return target.append(...args);
        };
      },
    });
  }
}

/**
 * Two ingest replicas on one event store (as when ingest is scaled out): each has its own read
 * model, consumer and store connection, so neither one's in-process ordering protects the other.
 */
describe('namespace claims across ingest replicas (int)', () => {
  let h: IngestHarness;
  let secondStore: EventStore;
  let secondNats: NatsConnection;
  let second: IngestService;
  const gate = new KeyAppendGate();

  beforeAll(async () => {
    h = await startIngestHarness({ maxPackBytes: 1024 * 1024 });
    secondStore = openSqliteEventStore({ path: join(h.dir, 'events.sqlite') });
    secondNats = await connect({ servers: h.natsUrl });
    second = await startIngestService({
      store: gate.wrap(secondStore),
      nats: secondNats,
      blobs: new FsBlobStore(h.blobRoot),
      readModel: openIngestReadModel(join(h.dir, 'ingest-2', 'read-model.sqlite')),
      port: 0,
      maxPackBytes: 1024 * 1024,
      consumerName: 'ingest-2',
      logger: createLogger('ingest', { level: 'error' }),
    });
  });

  afterAll(async () => {
    gate.open();
    await second?.close();
    await secondNats?.drain();
    await secondStore?.close();
    await h?.stop();
  });

  const codeOf = async (response: Response) => ((await response.json()) as { code: string }).code;

  it('a first claim decided on one replica while another replica is about to write its own is refused', async () => {
    const [a, b] = [newPublisher(), newPublisher()];
    const waiting = gate.arm();
    const slow = registerKey(second.url, b, ['contested']);
    await waiting; // b has been decided on replica 2 and is about to be written
    const fast = await registerKey(h.url, a, ['contested']);
    gate.open();
    const late = await slow;
    expect([fast.status, late.status].sort()).toEqual([201, 403]);
    const refused = fast.status === 403 ? fast : late;
    expect(await codeOf(refused)).toBe('endorsement_required');

    // The store holds one key for the namespace, not two.
    const owners: string[] = [];
    for (const raw of await h.store.readAll({ maxCount: 10_000 })) {
      const decoded = decodeEvent(raw);
      if (
        decoded.ok &&
        decoded.event.type === 'PublisherKeyRegistered' &&
        decoded.event.data.namespaces.includes('contested')
      ) {
        owners.push(decoded.event.data.keyId);
      }
    }
    expect(owners).toHaveLength(1);
  });

  it('claims several namespaces all or nothing: a registration that loses one claims none', async () => {
    const [a, b] = [newPublisher(), newPublisher()];
    const waiting = gate.arm();
    const slow = registerKey(second.url, b, ['shared-x', 'only-b']);
    await waiting;
    const fast = await registerKey(h.url, a, ['shared-x', 'only-a']);
    gate.open();
    const late = await slow;
    expect([fast.status, late.status].sort()).toEqual([201, 403]);
    const [loser, loserOnly] = fast.status === 403 ? [a, 'only-a'] : [b, 'only-b'];
    // The loser's other namespace is still free: a third key claims it without an endorsement.
    expect((await registerKey(h.url, newPublisher(), [loserOnly])).status).toBe(201);
    expect(await h.store.readStream(streams.key(loser.keyId))).toHaveLength(0);
  });

  it('needs an endorsement for a namespace claimed through the other replica, and accepts one', async () => {
    const owner = newPublisher();
    expect((await registerKey(h.url, owner, ['replicated'])).status).toBe(201);
    const newcomer = newPublisher();
    const refused = await registerKey(second.url, newcomer, ['replicated']);
    expect(refused.status).toBe(403);
    expect(await codeOf(refused)).toBe('endorsement_required');
    const endorsed = await registerKey(
      second.url,
      newcomer,
      ['replicated'],
      endorse(owner, newcomer.keyId, ['replicated']),
    );
    expect(endorsed.status).toBe(201);
  });
});
