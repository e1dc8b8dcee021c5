import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { connect, type NatsConnection } from 'nats';
import { newEvent, streams, uuidv7, type DomainEvent } from '@market/contracts';
import { openSqliteEventStore, type EventStore, type SqliteEventStore } from '@market/event-store';
import { FsBlobStore, blobKeys } from '@market/blob-store';
import { startRelay, type Relay } from '@market/relay';
import { createPackArchive } from '@market/pack';
import { startNatsServer, tempDir, type NatsServer } from '@market/testing';
import { startStorageService } from '../src/storage-service.js';

/**
 * A version is published when Stored is appended, and ingest reports it published as soon as it
 * sees Stored: the blob must be downloadable by then. The store given to storage downloads the
 * blob the moment storage's own append of Stored returns, before storage can apply that Stored
 * to its index, which is the earliest anyone can observe it.
 */
describe('storage: a blob is downloadable as soon as its Stored is appended', () => {
  const dir = tempDir('storage-visible');
  let natsServer: NatsServer;
  let nats: NatsConnection;
  let store: SqliteEventStore;
  let relay: Relay;
  let blobs: FsBlobStore;
  let service: Awaited<ReturnType<typeof startStorageService>> | undefined;
  const seenAtAppend: { sha256: string; status: number }[] = [];

  /** The real store, except that an append of Stored is followed at once by a download of its blob. */
  const observingStore = (inner: SqliteEventStore): EventStore =>
    new Proxy(inner, {
      get(target, property, receiver) {
        if (property !== 'append') {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
        return async (...args: Parameters<EventStore['append']>) => {
          const result = await target.append(...args);
          for (const event of args[1]) {
            if (event.type !== 'PackageVersionStored' || !service) continue;
            const { sha256 } = event.data as { sha256: string };
            const response = await fetch(`${service.url}/v1/blobs/sha256/${sha256}`);
            await response.arrayBuffer();
            seenAtAppend.push({ sha256, status: response.status });
          }
          return result;
        };
      },
    });

  beforeAll(async () => {
    natsServer = await startNatsServer();
    nats = await connect({ servers: natsServer.url });
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite') });
    relay = await startRelay({ store, nats });
    blobs = new FsBlobStore(join(dir.path, 'blobs'));
    service = await startStorageService({
      store: observingStore(store),
      nats,
      blobs,
      dataDir: dir.path,
      port: 0,
      downloadsFlushMs: 3_600_000,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await relay?.stop();
    await nats?.drain();
    await store?.close();
    await natsServer?.stop();
    dir.remove();
  });

  it('answers 200 for the blob when Stored is appended, before the blob index applies it', async () => {
    const source = join(dir.path, 'pack');
    mkdirSync(source, { recursive: true });
    writeFileSync(
      join(source, 'pack.toml'),
      `[pack]\nname = "acme/early"\nversion = "1.0.0"\nlicense = "MIT"\nauthors = ["a"]\n`,
    );
    writeFileSync(join(source, 'body.txt'), 'downloadable at once');
    const pack = await createPackArchive(source);
    const submissionId = uuidv7();
    await blobs.put(blobKeys.staging(submissionId), Readable.from(pack.bytes));
    const stream = streams.package('acme/early');
    const base = {
      submissionId,
      name: 'acme/early',
      version: '1.0.0',
      sha256: pack.sha256,
      blake3: pack.blake3,
      size: pack.size,
      keyId: 'ab'.repeat(16),
      signature: 'AAAA',
      stagingRef: blobKeys.staging(submissionId),
    };
    const submitted = newEvent('PackageVersionSubmitted', stream, base, { actor: 'test' });
    const verified: DomainEvent = newEvent(
      'PackageVersionVerified',
      stream,
      {
        ...base,
        manifest: { description: '', license: 'MIT', authors: ['a'], categories: [], keywords: [], dependencies: {} },
        files: pack.files,
      },
      { actor: 'test', causationId: submitted.eventId },
    );
    await store.append(stream, [submitted, verified]);
    // Wait for storage to deal with everything, the Stored it appended itself included.
    for (;;) {
      const head = await store.headPosition();
      await service!.consumer.waitFor(head);
      if ((await store.headPosition()) === head) break;
    }
    expect(seenAtAppend).toEqual([{ sha256: pack.sha256, status: 200 }]);
    const row = service!.readModel.db.prepare('SELECT refs FROM blobs WHERE sha256 = ?').get(pack.sha256) as {
      refs: number | bigint;
    };
    expect(Number(row.refs)).toBe(1);
  });
});
