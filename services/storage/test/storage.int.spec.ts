import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { connect, type NatsConnection } from 'nats';
import { newEvent, streams, uuidv7, type DomainEvent } from '@market/contracts';
import { openSqliteEventStore, type SqliteEventStore } from '@market/event-store';
import { FsBlobStore, blobKeys } from '@market/blob-store';
import { startRelay, type Relay } from '@market/relay';
import { createPackArchive } from '@market/pack';
import { startNatsServer, tempDir, type NatsServer } from '@market/testing';
import { startStorageService } from '../src/storage-service.js';

/** storage for real: nats-server, relay, SQLite store, fs blobs, HTTP on a free port. */
describe('storage service', () => {
  const dir = tempDir('storage-int');
  let natsServer: NatsServer;
  let nats: NatsConnection;
  let store: SqliteEventStore;
  let relay: Relay;
  let blobs: FsBlobStore;
  let service: Awaited<ReturnType<typeof startStorageService>>;

  const archive = async (name: string, content: string) => {
    const d = join(dir.path, 'packs', name.replace('/', '_'), content.length.toString());
    mkdirSync(d, { recursive: true });
    writeFileSync(
      join(d, 'pack.toml'),
      `[pack]\nname = "${name}"\nversion = "1.0.0"\nlicense = "MIT"\nauthors = ["a"]\n`,
    );
    writeFileSync(join(d, 'body.txt'), content);
    return createPackArchive(d);
  };

  /** Emulates ingest + verify: staged bytes, then Submitted and Verified in the package stream. */
  const verified = async (name: string, version: string, pack: Awaited<ReturnType<typeof archive>>) => {
    const submissionId = uuidv7();
    await blobs.put(blobKeys.staging(submissionId), Readable.from(pack.bytes));
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
    const { position } = await store.append(stream, [submitted, verifiedEvent]);
    return { submissionId, position, verifiedEvent };
  };

  const storedFor = async (submissionId: string) =>
    (await store.readAll()).filter(
      (e) => e.type === 'PackageVersionStored' && (e.data as { submissionId: string }).submissionId === submissionId,
    );

  /** Waits until storage has handled everything in the store, including the Stored it appended itself. */
  const settle = async () => {
    for (;;) {
      const head = await store.headPosition();
      await service.consumer.waitFor(head);
      if ((await store.headPosition()) === head) return;
    }
  };

  beforeAll(async () => {
    natsServer = await startNatsServer();
    nats = await connect({ servers: natsServer.url });
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite') });
    relay = await startRelay({ store, nats });
    blobs = new FsBlobStore(join(dir.path, 'blobs'));
    service = await startStorageService({
      store,
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

  it('promotes verified bytes, appends Stored once and serves them with ETag and ranges', async () => {
    const pack = await archive('acme/one', 'hello storage');
    const { submissionId } = await verified('acme/one', '1.0.0', pack);
    await settle();
    const stored = await storedFor(submissionId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.data).toMatchObject({ sha256: pack.sha256, size: pack.size, deduplicated: false });
    expect(await blobs.stat(blobKeys.staging(submissionId))).toBeNull();

    const res = await fetch(`${service.url}/v1/blobs/sha256/${pack.sha256}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${pack.sha256}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(pack.bytes)).toBe(true);

    const partial = await fetch(`${service.url}/v1/blobs/sha256/${pack.sha256}`, { headers: { range: 'bytes=10-19' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 10-19/${pack.size}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(pack.bytes.subarray(10, 20))).toBe(true);

    const cached = await fetch(`${service.url}/v1/blobs/sha256/${pack.sha256}`, {
      headers: { 'if-none-match': `"${pack.sha256}"` },
    });
    expect(cached.status).toBe(304);

    const beyond = await fetch(`${service.url}/v1/blobs/sha256/${pack.sha256}`, {
      headers: { range: `bytes=${pack.size}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-type')).toContain('application/problem+json');
  });

  it('keeps one copy per digest: a second version with the same bytes is deduplicated', async () => {
    const pack = await archive('acme/twin', 'same bytes');
    const first = await verified('acme/twin', '1.0.0', pack);
    await settle();
    const second = await verified('acme/twin', '1.0.1', pack);
    await settle();
    expect((await storedFor(first.submissionId))[0]!.data).toMatchObject({ deduplicated: false });
    expect((await storedFor(second.submissionId))[0]!.data).toMatchObject({ deduplicated: true });
    const row = service.readModel.db.prepare('SELECT refs FROM blobs WHERE sha256 = ?').get(pack.sha256) as {
      refs: number | bigint;
    };
    expect(Number(row.refs)).toBe(2);
  });

  it('does not store twice when a Verified is handled again after a restart from scratch', async () => {
    const pack = await archive('acme/again', 'replayed');
    const { submissionId } = await verified('acme/again', '1.0.0', pack);
    await settle();
    await service.stop();
    service = await startStorageService({
      store,
      nats,
      blobs,
      dataDir: dir.path,
      port: 0,
      rebuild: true,
      downloadsFlushMs: 3_600_000,
    });
    await settle();
    expect(await storedFor(submissionId)).toHaveLength(1);
    expect((await fetch(`${service.url}/v1/blobs/sha256/${pack.sha256}`)).status).toBe(200);
  });

  it('counts downloads attributed with ?package= and appends DownloadsCounted', async () => {
    const pack = await archive('acme/popular', 'download me');
    await verified('acme/popular', '1.0.0', pack);
    await settle();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${service.url}/v1/blobs/sha256/${pack.sha256}?package=acme/popular@1.0.0`);
      await res.arrayBuffer();
    }
    await service.flushDownloads();
    const counted = (await store.readAll()).filter((e) => e.type === 'DownloadsCounted');
    expect(counted.map((e) => e.data)).toEqual([
      expect.objectContaining({ name: 'acme/popular', version: '1.0.0', count: 3 }),
    ]);
  });

  it('answers hostile requests with problem+json and stays up', async () => {
    for (const [path, status] of [
      ['/v1/blobs/sha256/not-hex', 400],
      [`/v1/blobs/sha256/${'0'.repeat(64)}`, 404],
      [`/v1/blobs/sha256/${'A'.repeat(64)}`, 400],
      ['/v1/blobs/sha256/..%2f..%2fetc%2fpasswd', 400],
    ] as const) {
      const res = await fetch(`${service.url}${path}`);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await fetch(`${service.url}/v1/health`)).status).toBe(200);
  });
});
