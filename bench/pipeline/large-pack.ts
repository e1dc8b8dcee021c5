import { createHash, randomFillSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPackArchive } from '@market/pack';
import type { BuiltPack } from '../../test/e2e/support/pack-factory.js';
import { median } from '../lib/metrics.js';
import { BENCH_NAMESPACE, type BenchStack } from './bench-stack.js';
import { measureDownloadRate } from './download-client.js';
import type { HttpClient } from './http-client.js';
import { describeRejections, publishPack, submissionIdOf, waitSettled } from './publisher.js';
import { readRssMb, startRssSampler } from './rss-sampler.js';

/** Random (incompressible) content, split in parts under the archive's 64 MiB per-entry limit. */
const PART_BYTES = 50_000_000;

export const buildLargePack = async (root: string, totalBytes: number): Promise<BuiltPack> => {
  const name = `${BENCH_NAMESPACE}/large-blob`;
  const dir = join(root, 'large-blob');
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    join(dir, 'pack.toml'),
    `[pack]\nname = "${name}"\nversion = "1.0.0"\ndescription = "100 MB of random bytes"\nlicense = "MIT"\n` +
      `authors = ["Bench <bench@example.com>"]\ncategories = ["codegen"]\nkeywords = ["large"]\n\n[dependencies]\n`,
  );
  for (let part = 0, left = totalBytes; left > 0; part++, left -= PART_BYTES) {
    writeFileSync(
      join(dir, 'data', `part-${part}.bin`),
      randomFillSync(Buffer.allocUnsafe(Math.min(PART_BYTES, left))),
    );
  }
  const archive = await createPackArchive(dir);
  return {
    name,
    version: '1.0.0',
    bytes: archive.bytes,
    sha256: archive.sha256,
    blake3: archive.blake3,
    size: archive.size,
  };
};

/**
 * POSTs the pack while a worker samples ingest's VmRSS every 10 ms; the growth is the peak
 * during the upload (until the 202) minus the RSS just before it. Then waits until published.
 */
export const measureUploadGrowth = async (
  stack: BenchStack,
  pack: BuiltPack,
): Promise<{ growthMb: number; samples: number }> => {
  const pid = stack.pidOf('ingest');
  const before = median([0, 1, 2, 3, 4].map(() => readRssMb(pid) ?? Number.NaN));
  const sampler = startRssSampler(pid, 10);
  const answer = await publishPack(stack.client, pack, stack.key).catch(async (error: unknown) => {
    await sampler.stop();
    throw error;
  });
  const peak = await sampler.stop();
  const id = submissionIdOf(pack, answer);
  const settled = await waitSettled(stack.client, [id], 180_000);
  if (settled.rejected.length > 0)
    throw new Error(`the 100 MB pack was rejected: ${describeRejections(settled.rejected)}`);
  return { growthMb: Math.max(0, peak.peakMb - before), samples: peak.samples };
};

/**
 * Downloads the blob once to check it byte for byte, then `times` timed downloads by a client in
 * its own process (download-client.ts): median MB/s (10^6 bytes). `client` is the base URL's, or
 * one aimed at storage itself to tell the router's share apart.
 */
export const measureDownload = async (client: HttpClient, pack: BuiltPack, times: number): Promise<number> => {
  const path = `/v1/blobs/sha256/${pack.sha256}`;
  const first = await client.get(path);
  if (first.status !== 200)
    throw new Error(`GET ${path} answered ${first.status}: ${first.body.toString().slice(0, 300)}`);
  const digest = createHash('sha256').update(first.body).digest('hex');
  if (digest !== pack.sha256)
    throw new Error(`GET ${path}: ${first.body.length} bytes with sha256 ${digest}, not what was published`);
  return measureDownloadRate(client.baseUrl, path, pack.size, times);
};

/**
 * "published" (GET /v1/submissions/:id) comes from ingest's read model; storage answers from its
 * own, which may apply the same event a moment later. Waits for the blob; returns how long it
 * answered 404 (0 when it was there at once).
 */
export const waitDownloadable = async (client: HttpClient, path: string, timeoutMs = 60_000): Promise<number> => {
  const t0 = performance.now();
  for (;;) {
    const asked = performance.now();
    const { status } = await client.drain(path);
    if (status === 200) return asked - t0;
    if (status !== 404 || performance.now() - t0 > timeoutMs)
      throw new Error(`GET ${path} answered ${status} (waited ${(performance.now() - t0).toFixed(0)} ms)`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
