import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { decodeEvent, newEvent, streams, type EventMetadata } from '@market/contracts';
import type { SqliteReadModel } from '@market/read-model';
import { IngestReadModel, isIngestEvent } from '../src/read-model/ingest-read-model.js';
import { openIngestReadModel } from '../src/read-model/open-ingest-read-model.js';
import { waitUntil } from '@market/testing';
import { startIngestHarness, type IngestHarness } from './ingest-harness.js';
import {
  newPublisher,
  postUpload,
  registerKey,
  signedCommand,
  signedUpload,
  type Publisher,
  type Upload,
} from './publisher.js';

const LIMIT = 1024 * 1024;

describe('ingest publish over real HTTP, nats, relay and SQLite', () => {
  let h: IngestHarness;
  let acme: Publisher;
  let other: Publisher;

  beforeAll(async () => {
    h = await startIngestHarness({ maxPackBytes: LIMIT });
    acme = newPublisher();
    other = newPublisher();
    expect((await registerKey(h.url, acme, ['acme'])).status).toBe(201);
    expect((await registerKey(h.url, other, ['other'])).status).toBe(201);
  });

  afterAll(async () => {
    await h?.stop();
  });

  const status = async (submissionId: string) => (await fetch(`${h.url}/v1/submissions/${submissionId}`)).json();

  /** Appends what verify or storage would, and waits until ingest's read model has applied it. */
  const emulatePipeline = async (event: Parameters<IngestHarness['store']['append']>[1][number]) => {
    const { position } = await h.store.append(event.stream, [event]);
    await h.service.waitFor(position);
  };
  const stored = (name: string, version: string, submissionId: string, sha256: string, size: number) =>
    newEvent(
      'PackageVersionStored',
      streams.package(name),
      { submissionId, name, version, sha256, size, deduplicated: false },
      { actor: 'test:storage' },
    );

  /** A refused request: the right problem, nothing appended, nothing staged, the service still up. */
  const expectRefused = async (send: () => Promise<Response>, httpStatus: number, code: string) => {
    const head = await h.store.headPosition();
    const staged = h.stagedFiles().length;
    const response = await send();
    expect(response.status).toBe(httpStatus);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; detail: string; field?: string };
    expect(problem.code).toBe(code);
    expect(await h.store.headPosition()).toBe(head);
    expect(h.stagedFiles()).toHaveLength(staged);
    expect((await fetch(`${h.url}/v1/health`)).status).toBe(200);
    return problem;
  };

  it('accepts a signed upload with 202, reports it pending, then published once stored', async () => {
    const upload = signedUpload(acme, 'acme/widgets', '1.0.0');
    const traceId = randomBytes(16).toString('hex');
    upload.headers.traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const response = await postUpload(h.url, upload);
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { submissionId: string };
    expect(accepted).toEqual({
      submissionId: expect.any(String),
      status: 'pending',
      name: 'acme/widgets',
      version: '1.0.0',
    });
    expect(await status(accepted.submissionId)).toEqual({
      submissionId: accepted.submissionId,
      name: 'acme/widgets',
      version: '1.0.0',
      status: 'pending',
      sha256: upload.headers['market-sha256'],
      submittedAt: expect.any(String),
    });
    expect(h.stagedFiles()).toContain(accepted.submissionId);

    const events = await h.store.readStream(streams.package('acme/widgets'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'PackageVersionSubmitted' });
    expect(events[0]!.metadata).toMatchObject({ correlationId: accepted.submissionId, actor: `key:${acme.keyId}` });
    expect(((await status(accepted.submissionId)) as { submittedAt: string }).submittedAt).toBe(
      (events[0]!.metadata as EventMetadata).occurredAt,
    );
    // The publication's trace continues the client's: every service downstream joins it.
    expect((events[0]!.metadata as { traceparent: string }).traceparent).toMatch(new RegExp(`^00-${traceId}-`));

    const storedEvent = stored(
      'acme/widgets',
      '1.0.0',
      accepted.submissionId,
      upload.headers['market-sha256']!,
      upload.body.length,
    );
    await emulatePipeline(storedEvent);
    // When it was published is when storage stored it, as its event says.
    expect(await status(accepted.submissionId)).toMatchObject({
      status: 'published',
      settledAt: storedEvent.occurredAt,
    });
  });

  it('refuses a published version forever, also after a yank and under another spelling', async () => {
    const again = () => postUpload(h.url, signedUpload(acme, 'acme/widgets', '1.0.0'));
    await expectRefused(again, 409, 'version_exists');
    const yank = await signedCommand(
      h.url,
      acme,
      'POST',
      '/v1/packages/acme/widgets/versions/1.0.0/yank',
      { action: 'yank', name: 'acme/widgets', version: '1.0.0', reason: 'broken' },
      { reason: 'broken' },
    );
    expect(yank.status).toBe(200);
    await expectRefused(again, 409, 'version_exists');
    await expectRefused(
      () => postUpload(h.url, signedUpload(acme, 'ACME/Widgets', '1.0.0+rebuild')),
      409,
      'version_exists',
    );
  });

  it('lets exactly one of 20 concurrent submissions of one name@version through', async () => {
    const uploads = Array.from({ length: 20 }, () => signedUpload(acme, 'acme/race', '2.0.0'));
    const staged = h.stagedFiles().length;
    const responses = await Promise.all(uploads.map((u) => postUpload(h.url, u)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const codes = await Promise.all(
      responses.filter((r) => r.status === 409).map(async (r) => ((await r.json()) as { code: string }).code),
    );
    expect(new Set(codes)).toEqual(new Set(['version_pending']));
    const events = await h.store.readStream(streams.package('acme/race'));
    expect(events.map((e) => e.type)).toEqual(['PackageVersionSubmitted']);
    expect(h.stagedFiles()).toHaveLength(staged + 1);
  });

  it('reports a rejection with its reason and accepts a retry of the rejected version', async () => {
    const first = (await (await postUpload(h.url, signedUpload(acme, 'acme/retry', '0.1.0'))).json()) as {
      submissionId: string;
    };
    await emulatePipeline(
      newEvent(
        'PackageVersionRejected',
        streams.package('acme/retry'),
        {
          submissionId: first.submissionId,
          name: 'acme/retry',
          version: '0.1.0',
          reason: 'manifest_invalid',
          detail: 'pack.toml: version missing',
        },
        { actor: 'test:verify' },
      ),
    );
    expect(await status(first.submissionId)).toMatchObject({
      status: 'rejected',
      reason: 'manifest_invalid',
      detail: 'pack.toml: version missing',
      settledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const retry = await postUpload(h.url, signedUpload(acme, 'acme/retry', '0.1.0'));
    expect(retry.status).toBe(202);
  });

  it('rebuilds to the same read model from the event store alone', async () => {
    await h.service.waitFor(await h.store.headPosition());
    const rebuilt = openIngestReadModel(join(h.dir, 'rebuilt.sqlite'));
    try {
      const projector = new IngestReadModel(rebuilt.db);
      for (const raw of await h.store.readAll()) {
        const decoded = decodeEvent(raw);
        const event = decoded.ok ? decoded.event : undefined;
        if (event && isIngestEvent(event)) rebuilt.apply(event.position, () => projector.apply(event));
      }
      const dump = (db: SqliteReadModel['db']) => ({
        submissions: db.prepare('SELECT * FROM submissions ORDER BY id').all(),
        namespaces: db.prepare('SELECT * FROM namespace_keys ORDER BY namespace, key_id').all(),
      });
      expect(dump(rebuilt.db)).toEqual(dump(h.readModel.db));
      expect(dump(rebuilt.db).submissions.length).toBeGreaterThan(3);
    } finally {
      rebuilt.close();
    }
  });

  describe('refuses bad input with a problem, appending and staging nothing', () => {
    const tamper = (upload: Upload, headers: Record<string, string | undefined>) => {
      const merged: Record<string, string> = {};
      for (const [k, v] of Object.entries({ ...upload.headers, ...headers })) if (v !== undefined) merged[k] = v;
      return { ...upload, headers: merged };
    };

    it.each([
      ['market-name', 'no-namespace'],
      ['market-version', '1.0'],
      ['market-sha256', 'xyz'],
      ['market-size', '-5'],
      ['market-key-id', 'KEY'],
      ['market-signature', 'not*base64'],
      ['market-blake3', undefined],
    ])('400 naming %s when it is %j', async (field, value) => {
      const upload = tamper(signedUpload(acme, 'acme/bad', '1.0.0'), { [field]: value });
      const problem = await expectRefused(() => postUpload(h.url, upload), 400, 'validation_failed');
      expect(problem.field).toBe(field);
    });

    it('422 digest_mismatch when the bytes are not the ones signed', async () => {
      const upload = signedUpload(acme, 'acme/bad', '1.0.0');
      const swapped = { ...upload, body: randomBytes(upload.body.length) };
      await expectRefused(() => postUpload(h.url, swapped), 422, 'digest_mismatch');
    });

    it('422 size_mismatch when the body is shorter than the statement', async () => {
      const upload = signedUpload(acme, 'acme/bad', '1.0.0');
      await expectRefused(() => postUpload(h.url, { ...upload, body: upload.body.subarray(1) }), 422, 'size_mismatch');
      const streamed = () =>
        fetch(`${h.url}/v1/packages`, {
          method: 'POST',
          headers: upload.headers,
          body: streamOf(upload.body.subarray(1)),
          duplex: 'half',
        } as RequestInit);
      await expectRefused(streamed, 422, 'size_mismatch');
    });

    it('422 signature_invalid for a signature over another statement', async () => {
      const upload = signedUpload(acme, 'acme/bad', '1.0.0');
      const forged = tamper(upload, {
        'market-signature': signedUpload(acme, 'acme/bad', '1.0.1', upload.body).headers['market-signature'],
      });
      await expectRefused(() => postUpload(h.url, forged), 422, 'signature_invalid');
    });

    it('422 key_unknown for a key never registered', async () => {
      await expectRefused(
        () => postUpload(h.url, signedUpload(newPublisher(), 'acme/bad', '1.0.0')),
        422,
        'key_unknown',
      );
    });

    it('403 key_not_authorized for a key of another namespace', async () => {
      await expectRefused(() => postUpload(h.url, signedUpload(other, 'acme/bad', '1.0.0')), 403, 'key_not_authorized');
    });

    it('413 when content-length says the body is too large', async () => {
      const upload = signedUpload(acme, 'acme/big', '1.0.0', randomBytes(LIMIT + 1));
      await expectRefused(() => postUpload(h.url, upload), 413, 'payload_too_large');
    });

    it('413 as soon as a streamed body without content-length passes the limit', async () => {
      const upload = signedUpload(acme, 'acme/big', '1.0.0', randomBytes(1000));
      const oversized = () =>
        fetch(`${h.url}/v1/packages`, {
          method: 'POST',
          headers: upload.headers,
          body: streamOf(randomBytes(LIMIT + 64 * 1024)),
          duplex: 'half',
        } as RequestInit);
      await expectRefused(oversized, 413, 'payload_too_large');
    });

    it('drops a half-sent upload when the client goes away, and stays up', async () => {
      const upload = signedUpload(acme, 'acme/aborted', '1.0.0', randomBytes(512 * 1024));
      const head = await h.store.headPosition();
      const staged = h.stagedFiles().length;
      const client = new AbortController();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // Half the body, then the client gives up.
          if (sent >= 256 * 1024) return void client.abort();
          controller.enqueue(upload.body.subarray(sent, sent + 64 * 1024));
          sent += 64 * 1024;
        },
      });
      const request = fetch(`${h.url}/v1/packages`, {
        method: 'POST',
        headers: upload.headers,
        body,
        duplex: 'half',
        signal: client.signal,
      } as RequestInit);
      await expect(request).rejects.toThrow();
      await waitUntil(async () => h.stagedFiles().length === staged && (await fetch(`${h.url}/v1/health`)).ok, {
        timeoutMs: 5_000,
      });
      expect(await h.store.headPosition()).toBe(head);
      expect((await postUpload(h.url, upload)).status).toBe(202);
    });

    it.each(['text/plain', undefined])('415 for a body sent as %s', async (contentType) => {
      const upload = tamper(signedUpload(acme, 'acme/bad', '1.0.0'), { 'content-type': contentType });
      await expectRefused(() => postUpload(h.url, upload), 415, 'unsupported_media_type');
    });
  });
});

/** A body without content-length (chunked), in 16 KiB pieces. */
const streamOf = (bytes: Buffer): ReadableStream<Uint8Array> => {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 16 * 1024));
      offset += 16 * 1024;
    },
  });
};
