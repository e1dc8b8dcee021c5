import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKeys } from '@market/blob-store';
import { StorageFixture, type PackArchive, type StorageService } from './storage-fixture.js';

/** storage for real: nats-server, relay, SQLite store, fs blobs, HTTP on a free port. */
describe('storage service', () => {
  let fixture: StorageFixture;
  let service: StorageService;

  const archive = (name: string, content: string) => fixture.archive(name, content);
  const verified = (name: string, version: string, pack: PackArchive) => fixture.appendVerified(name, version, pack);
  const settle = () => fixture.settle(service);
  const storedFor = async (submissionId: string) =>
    (await fixture.store.readAll()).filter(
      (e) => e.type === 'PackageVersionStored' && (e.data as { submissionId: string }).submissionId === submissionId,
    );

  beforeAll(async () => {
    fixture = await StorageFixture.create('storage-int');
    service = await fixture.start();
  });

  afterAll(async () => {
    await service?.stop();
    await fixture?.stop();
  });

  it('promotes verified bytes, appends Stored once and serves them with ETag and ranges', async () => {
    const pack = await archive('acme/one', 'hello storage');
    const { submissionId } = await verified('acme/one', '1.0.0', pack);
    await settle();
    const stored = await storedFor(submissionId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.data).toMatchObject({ sha256: pack.sha256, size: pack.size, deduplicated: false });
    expect(await fixture.blobs.stat(blobKeys.staging(submissionId))).toBeNull();

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

  it('serves an archive of several 1 MiB chunks to concurrent clients, whole and in ranges across chunks', async () => {
    const pack = await archive('acme/big', randomBytes(3_300_000).toString('base64'));
    expect(pack.size).toBeGreaterThan(3 * 1024 * 1024);
    await verified('acme/big', '1.0.0', pack);
    await settle();
    const url = `${service.url}/v1/blobs/sha256/${pack.sha256}`;
    const mib = 1024 * 1024;
    const ranges: ([number, number] | undefined)[] = [undefined, [mib - 3, mib + 2], [5, 2 * mib + 7], undefined];
    const bodies = await Promise.all(
      ranges.map(async (range) => {
        const res = await fetch(url, range ? { headers: { range: `bytes=${range[0]}-${range[1]}` } } : {});
        return { range, status: res.status, body: Buffer.from(await res.arrayBuffer()) };
      }),
    );
    for (const { range, status, body } of bodies) {
      expect(status).toBe(range ? 206 : 200);
      expect(body.equals(range ? pack.bytes.subarray(range[0], range[1] + 1) : pack.bytes)).toBe(true);
    }
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(pack.size));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
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
    service = await fixture.start({ rebuild: true });
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
    const counted = (await fixture.store.readAll()).filter((e) => e.type === 'DownloadsCounted');
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
