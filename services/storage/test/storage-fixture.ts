import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { connect, type NatsConnection } from 'nats';
import { FsBlobStore, blobKeys } from '@market/blob-store';
import { newEvent, streams, uuidv7, type DomainEvent } from '@market/contracts';
import { openSqliteEventStore, type EventStore, type SqliteEventStore } from '@market/event-store';
import { createPackArchive } from '@market/pack';
import { startRelay, type Relay } from '@market/relay';
import { startNatsServer, tempDir, type NatsServer, type TempDir } from '@market/testing';
import { startStorageService } from '../src/storage-service.js';

export type StorageService = Awaited<ReturnType<typeof startStorageService>>;
export type PackArchive = Awaited<ReturnType<typeof createPackArchive>>;

/**
 * What storage runs on, for real: nats-server, the relay, a SQLite event store and fs blobs in a
 * temp dir. `start` starts (or restarts) storage on it, on a free port, with downloads flushed
 * only when a test asks; `wrapStore` lets a test watch what storage appends.
 */
export class StorageFixture {
  readonly dir: TempDir;
  private constructor(
    dir: TempDir,
    readonly natsServer: NatsServer,
    readonly nats: NatsConnection,
    readonly store: SqliteEventStore,
    readonly relay: Relay,
    readonly blobs: FsBlobStore,
  ) {
    this.dir = dir;
  }

  static async create(name: string): Promise<StorageFixture> {
    const dir = tempDir(name);
    const natsServer = await startNatsServer();
    const nats = await connect({ servers: natsServer.url });
    const store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite') });
    const relay = await startRelay({ store, nats });
    return new StorageFixture(dir, natsServer, nats, store, relay, new FsBlobStore(join(dir.path, 'blobs')));
  }

  start(
    options: { rebuild?: boolean; wrapStore?: (store: SqliteEventStore) => EventStore } = {},
  ): Promise<StorageService> {
    return startStorageService({
      store: options.wrapStore ? options.wrapStore(this.store) : this.store,
      nats: this.nats,
      blobs: this.blobs,
      dataDir: this.dir.path,
      port: 0,
      ...(options.rebuild ? { rebuild: true } : {}),
      downloadsFlushMs: 3_600_000,
    });
  }

  /** A pack `name` whose only file holds `content` (so different content, different digest). */
  async archive(name: string, content: string): Promise<PackArchive> {
    const d = join(this.dir.path, 'packs', name.replace('/', '_'), content.length.toString());
    mkdirSync(d, { recursive: true });
    writeFileSync(
      join(d, 'pack.toml'),
      `[pack]\nname = "${name}"\nversion = "1.0.0"\nlicense = "MIT"\nauthors = ["a"]\n`,
    );
    writeFileSync(join(d, 'body.txt'), content);
    return createPackArchive(d);
  }

  /** Emulates ingest + verify: staged bytes, then Submitted and Verified in the package stream. */
  async appendVerified(name: string, version: string, pack: PackArchive) {
    const submissionId = uuidv7();
    await this.blobs.put(blobKeys.staging(submissionId), Readable.from(pack.bytes));
    const stream = streams.package(name);
    const base = {
      submissionId,
      name,
      version,
      sha256: pack.sha256,
      blake3: pack.blake3,
      size: pack.size,
      keyId: 'ab'.repeat(16),
      signature: 'AAAA',
      stagingRef: blobKeys.staging(submissionId),
    };
    const submitted = newEvent('PackageVersionSubmitted', stream, base, { actor: 'test' });
    const verifiedEvent: DomainEvent = newEvent(
      'PackageVersionVerified',
      stream,
      {
        ...base,
        manifest: { description: '', license: 'MIT', authors: ['a'], categories: [], keywords: [], dependencies: {} },
        files: pack.files,
      },
      { actor: 'test', causationId: submitted.eventId },
    );
    const { position } = await this.store.append(stream, [submitted, verifiedEvent]);
    return { submissionId, position, verifiedEvent };
  }

  /** Waits until `service` has handled everything in the store, including the Stored it appended itself. */
  async settle(service: StorageService): Promise<void> {
    for (;;) {
      const head = await this.store.headPosition();
      await service.consumer.waitFor(head);
      if ((await this.store.headPosition()) === head) return;
    }
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.nats.drain();
    await this.store.close();
    await this.natsServer.stop();
    this.dir.remove();
  }
}
