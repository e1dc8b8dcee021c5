import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '@market/pack';
import { startIngestHarness, type IngestHarness } from './ingest-harness.js';
import { newPublisher, registerKey, type Publisher } from './publisher.js';

const MiB = 1024 * 1024;

/**
 * The client runs in its own process (so only ingest's memory is measured here) and generates
 * the body chunk by chunk as it is pulled; it prints the response.
 */
const CLIENT = `
const [url, size, headers] = [process.argv[1], Number(process.argv[2]), JSON.parse(process.argv[3])];
let sent = 0;
const body = new ReadableStream({ pull(c) {
  if (sent >= size) return c.close();
  const n = Math.min(65536, size - sent); sent += n; c.enqueue(new Uint8Array(n).fill(sent & 255));
} });
fetch(url, { method: 'POST', headers, body, duplex: 'half' })
  .then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.json() })))
  .catch((e) => { console.error(e); process.exit(1); });
`;

describe('ingest upload memory', () => {
  let h: IngestHarness;
  let publisher: Publisher;

  beforeAll(async () => {
    h = await startIngestHarness({ maxPackBytes: 128 * MiB });
    publisher = newPublisher();
    expect((await registerKey(h.url, publisher, ['mem'])).status).toBe(201);
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** A signed statement whose digests cannot match: ingest stages and digests the whole body, then refuses it. */
  const upload = async (size: number) => {
    const statement = { name: 'mem/big', version: '1.0.0', sha256: '0'.repeat(64), blake3: '0'.repeat(64), size };
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      'market-name': statement.name,
      'market-version': statement.version,
      'market-sha256': statement.sha256,
      'market-blake3': statement.blake3,
      'market-size': String(size),
      'market-key-id': publisher.keyId,
      'market-signature': signStatement(publisher.key.privateKeyPem, statement),
    };
    const { stdout } = await promisify(execFile)(process.execPath, [
      '-e',
      CLIENT,
      `${h.url}/v1/packages`,
      String(size),
      JSON.stringify(headers),
    ]);
    return JSON.parse(stdout) as { status: number; body: { code: string } };
  };

  it('streams a 100 MB upload through staging with little RSS growth', async () => {
    await upload(4 * MiB); // warm-up: code paths compiled, pools allocated
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    const response = await upload(100 * MiB);
    clearInterval(sampler);
    expect(response).toMatchObject({ status: 422, body: { code: 'digest_mismatch' } });
    expect(h.stagedFiles()).toEqual([]);
    expect((peak - baseline) / MiB).toBeLessThan(64);
  });
});
