import { join } from 'node:path';
import { Readable } from 'node:stream';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKeys, FsBlobStore } from '@market/blob-store';
import { decodeEvent, newEvent, streams, uuidv7, type DecodedEvent, type RejectionReason } from '@market/contracts';
import { openSqliteEventStore, type EventStore } from '@market/event-store';
import { generateSigningKey, keyIdOf, signStatement, type Digest, type SigningKey } from '@market/pack';
import { startRelay, type Relay } from '@market/relay';
import { startNatsServer, tempDir, type NatsServer, type TempDir } from '@market/testing';
import { buildPack, packToml, rawTarGz } from './testing/pack-fixtures.js';
import { startVerifyService, type VerifyService } from './verify-service.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('verify service (real NATS, relay, SQLite store, fs blobs)', () => {
  let dir: TempDir;
  let nats: NatsServer;
  let connection: NatsConnection;
  let store: EventStore;
  let relay: Relay;
  let blobs: FsBlobStore;
  let service: VerifyService;
  const acme: SigningKey = generateSigningKey();
  const other: SigningKey = generateSigningKey();
  /** submissionId → the Submitted event's id, for the redelivery check at the end. */
  const submittedEvents: { stream: string; eventId: string }[] = [];

  const registerKey = async (key: SigningKey, namespaces: string[]) => {
    const keyId = keyIdOf(key.publicKey);
    const stream = streams.key(keyId);
    const event = newEvent(
      'PublisherKeyRegistered',
      stream,
      { keyId, publicKey: key.publicKey, namespaces, owner: 'test' },
      { actor: 'test' },
    );
    return (await store.append(stream, [event])).position;
  };

  /** Stages `archive` and appends its submission, as ingest would; `over` lies about what was sent. */
  const submit = async (
    name: string,
    version: string,
    archive: Digest & { bytes: Buffer },
    signer: SigningKey,
    over: Partial<{ sha256: string; keyId: string; signWith: SigningKey; stage: boolean }> = {},
  ) => {
    const submissionId = uuidv7();
    const stagingRef = blobKeys.staging(submissionId);
    if (over.stage !== false) await blobs.put(stagingRef, Readable.from([archive.bytes]));
    const statement = {
      name,
      version,
      sha256: over.sha256 ?? archive.sha256,
      blake3: archive.blake3,
      size: archive.size,
    };
    const signature = signStatement((over.signWith ?? signer).privateKeyPem, statement);
    const stream = streams.package(name);
    const event = newEvent(
      'PackageVersionSubmitted',
      stream,
      { submissionId, ...statement, keyId: over.keyId ?? keyIdOf(signer.publicKey), signature, stagingRef },
      { actor: 'service:ingest', correlationId: `corr-${submissionId}`, traceparent: TRACEPARENT },
    );
    const { position } = await store.append(stream, [event]);
    submittedEvents.push({ stream, eventId: event.eventId });
    return { submissionId, eventId: event.eventId, position, stream };
  };

  const verdictsOf = async (stream: string, eventId: string): Promise<DecodedEvent[]> =>
    (await store.readStream(stream))
      .map((raw) => decodeEvent(raw))
      .flatMap((d) => (d.ok ? [d.event] : []))
      .filter(
        (e) =>
          (e.type === 'PackageVersionVerified' || e.type === 'PackageVersionRejected') && e.causationId === eventId,
      );

  /** Waits for verify to have handled the submission, then returns its one verdict. */
  const verdictFor = async (submitted: { position: bigint; stream: string; eventId: string }) => {
    await service.consumer.waitFor(submitted.position, { timeoutMs: 20_000 });
    const verdicts = await verdictsOf(submitted.stream, submitted.eventId);
    expect(verdicts).toHaveLength(1);
    return verdicts[0]!;
  };
  const reasonFor = async (submitted: {
    position: bigint;
    stream: string;
    eventId: string;
  }): Promise<RejectionReason | 'verified'> => {
    const verdict = await verdictFor(submitted);
    return verdict.type === 'PackageVersionRejected' ? verdict.data.reason : 'verified';
  };

  beforeAll(async () => {
    dir = tempDir('verify-int');
    nats = await startNatsServer();
    connection = await connect({ servers: nats.url });
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite') });
    relay = await startRelay({ store, nats: connection });
    blobs = new FsBlobStore(join(dir.path, 'blobs'));
    await registerKey(acme, ['acme']);
    await registerKey(other, ['other']);
    service = await startVerifyService({ store, nats: connection, blobs, dataDir: join(dir.path, 'data-1'), port: 0 });
  });

  afterAll(async () => {
    await service?.stop();
    await relay?.stop();
    await connection?.drain();
    await store?.close();
    await nats?.stop();
    dir?.remove();
  });

  it('verifies a good pack, with manifest, files, causation, correlation, actor and trace', async () => {
    const archive = await buildPack(dir.path, 'good', packToml('acme/widgets', '1.0.0'));
    const submitted = await submit('acme/widgets', '1.0.0', archive, acme);
    const verdict = await verdictFor(submitted);
    expect(verdict.type).toBe('PackageVersionVerified');
    if (verdict.type !== 'PackageVersionVerified') return;
    expect(verdict.data).toMatchObject({
      submissionId: submitted.submissionId,
      name: 'acme/widgets',
      version: '1.0.0',
      sha256: archive.sha256,
    });
    expect(verdict.data.manifest).toMatchObject({ license: 'MIT', authors: ['Test'], keywords: ['test'] });
    expect(verdict.data.files.map((f) => f.path).sort()).toEqual(['pack.toml', 'templates/hello.tera']);
    expect(verdict).toMatchObject({
      actor: 'service:verify',
      causationId: submitted.eventId,
      correlationId: `corr-${submitted.submissionId}`,
    });
    expect(verdict.traceparent?.split('-')[1]).toBe(TRACEPARENT.split('-')[1]);
  });

  it.each<[RejectionReason, string, () => Promise<Parameters<typeof submit>>]>([
    [
      'signature_invalid',
      'signed by another key',
      async () => {
        const archive = await buildPack(dir.path, 'badsig', packToml('acme/badsig', '1.0.0'));
        return ['acme/badsig', '1.0.0', archive, acme, { signWith: other }];
      },
    ],
    [
      'digest_mismatch',
      'a sha256 that is not the staged bytes',
      async () => {
        const archive = await buildPack(dir.path, 'digest', packToml('acme/digest', '1.0.0'));
        return ['acme/digest', '1.0.0', archive, acme, { sha256: 'f'.repeat(64) }];
      },
    ],
    [
      'manifest_invalid',
      'a malformed pack.toml',
      async () => {
        const archive = await buildPack(dir.path, 'malformed', '[pack\nname = "acme/malformed"\n');
        return ['acme/malformed', '1.0.0', archive, acme];
      },
    ],
    [
      'manifest_mismatch',
      'pack.toml naming another package',
      async () => {
        const archive = await buildPack(dir.path, 'mismatch', packToml('acme/something-else', '1.0.0'));
        return ['acme/mismatch', '1.0.0', archive, acme];
      },
    ],
    [
      'key_not_authorized',
      'a key registered for another namespace',
      async () => {
        const archive = await buildPack(dir.path, 'foreign', packToml('acme/foreign', '1.0.0'));
        return ['acme/foreign', '1.0.0', archive, other];
      },
    ],
    [
      'key_unknown',
      'a key never registered',
      async () => {
        const archive = await buildPack(dir.path, 'unknown', packToml('acme/unknown', '1.0.0'));
        return ['acme/unknown', '1.0.0', archive, generateSigningKey()];
      },
    ],
    [
      'archive_invalid',
      'a hostile archive with a ../ entry',
      async () => {
        const archive = await rawTarGz([
          { name: 'pack.toml', content: packToml('acme/hostile', '1.0.0') },
          { name: '../../etc/evil', content: 'pwned' },
        ]);
        return ['acme/hostile', '1.0.0', archive, acme];
      },
    ],
    [
      'archive_invalid',
      'bytes that are not gzip at all',
      async () => {
        const bytes = Buffer.from('this is not an archive');
        const { digestBytes } = await import('@market/pack');
        return ['acme/notgzip', '1.0.0', { bytes, ...digestBytes(bytes) }, acme];
      },
    ],
    [
      'staging_missing',
      'nothing staged',
      async () => {
        const archive = await buildPack(dir.path, 'unstaged', packToml('acme/unstaged', '1.0.0'));
        return ['acme/unstaged', '1.0.0', archive, acme, { stage: false }];
      },
    ],
  ])('rejects %s: %s', async (reason, _what, build) => {
    const submitted = await submit(...(await build()));
    const verdict = await verdictFor(submitted);
    expect(verdict.type).toBe('PackageVersionRejected');
    if (verdict.type !== 'PackageVersionRejected') return;
    expect(verdict.data.reason).toBe(reason);
    expect(verdict.data.detail).not.toBe('');
  });

  it('a second submission of a version already taken is version_exists; the first stays verified', async () => {
    const archive = await buildPack(dir.path, 'twice', packToml('acme/twice', '2.0.0'));
    const first = await submit('acme/twice', '2.0.0', archive, acme);
    const second = await submit('acme/twice', '2.0.0', archive, acme);
    expect(await reasonFor(first)).toBe('verified');
    expect(await reasonFor(second)).toBe('version_exists');
  });

  it('judges with the keys appended before the submission, not after (invariant 7)', async () => {
    const late = generateSigningKey();
    const archive = await buildPack(dir.path, 'late', packToml('late/pack', '1.0.0'));
    const submitted = await submit('late/pack', '1.0.0', archive, late);
    const registered = await registerKey(late, ['late']);
    expect(await reasonFor(submitted)).toBe('key_unknown');
    await service.consumer.waitFor(registered);
    const again = await submit(
      'late/pack',
      '1.0.1',
      await buildPack(dir.path, 'late2', packToml('late/pack', '1.0.1')),
      late,
    );
    expect(await reasonFor(again)).toBe('verified');
  });

  it('serves health and metrics', async () => {
    const url = await service.app.getUrl();
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('market_verify_verdicts_total{verdict="rejected",reason="signature_invalid"}');
  });

  it('a redelivery from position 0 with a fresh read model appends no second verdict', async () => {
    await service.stop();
    const head = await store.headPosition();
    service = await startVerifyService({ store, nats: connection, blobs, dataDir: join(dir.path, 'data-2'), port: 0 });
    await service.consumer.waitFor(head, { timeoutMs: 20_000 });
    expect(await store.headPosition()).toBe(head);
    for (const { stream, eventId } of submittedEvents) expect(await verdictsOf(stream, eventId)).toHaveLength(1);
    // A fresh data dir means the consumer started after position 0: it handled every submission
    // again, and learned each verdict from the streams instead of appending a new one.
    const judged = service.readModel.db.prepare('SELECT count(*) AS n FROM judged_submissions').get() as { n: number };
    expect(judged.n).toBe(submittedEvents.length);
  });

  it('judges submissions that arrive together side by side, a key event still applied in its place (invariant 7)', async () => {
    await service.stop();
    const key = generateSigningKey();
    const pack = (name: string) => buildPack(dir.path, `run-${name}`, packToml(`run/${name}`, '1.0.0'));
    // Appended while verify is down: the restarted consumer reads them in one catch-up run.
    const early = await submit('run/early', '1.0.0', await pack('early'), key);
    const registered = await registerKey(key, ['run']);
    const b = await submit('run/b', '1.0.0', await pack('b'), key);
    const c = await submit('run/c', '1.0.0', await pack('c'), key);
    const d = await pack('d');
    const d1 = await submit('run/d', '1.0.0', d, key);
    const d2 = await submit('run/d', '1.0.0', d, key);
    service = await startVerifyService({ store, nats: connection, blobs, dataDir: join(dir.path, 'data-1'), port: 0 });
    expect(await reasonFor(early)).toBe('key_unknown');
    expect(await reasonFor(b)).toBe('verified');
    expect(await reasonFor(c)).toBe('verified');
    expect(await reasonFor(d1)).toBe('verified');
    expect(await reasonFor(d2)).toBe('version_exists');
    expect(service.readModel.key(keyIdOf(key.publicKey))).not.toBeNull();
    expect(service.readModel.lastPosition()).toBeGreaterThan(registered);
    const judged = service.readModel.db.prepare('SELECT count(*) AS n FROM judged_submissions').get() as { n: number };
    expect(judged.n).toBe(submittedEvents.length);
  });
});
