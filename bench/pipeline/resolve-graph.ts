import { join } from 'node:path';
import { buildPack, type BuiltPack } from '../../test/e2e/support/pack-factory.js';
import { median } from '../lib/metrics.js';
import { BENCH_NAMESPACE, type BenchStack } from './bench-stack.js';
import { runLoad } from './load-loop.js';
import { describeRejections, publishPack, submissionIdOf, waitSettled } from './publisher.js';

export const GRAPH_SIZE = 50;
const VERSIONS = ['1.0.0', '1.1.0', '2.0.0'];
const nameOf = (i: number) => `${BENCH_NAMESPACE}/graph-${String(i).padStart(2, '0')}`;

/**
 * 50 packages, each in three versions (1.0.0, 1.1.0, 2.0.0); package i depends with `^1.0.0` on
 * i+1, 2i+1 and 2i+2 (a chain through a binary tree), so resolving graph-00 must walk all 50 and
 * pick 1.1.0 of each, passing over the newer 2.0.0.
 */
export const publishDependencyGraph = async (stack: BenchStack): Promise<void> => {
  const root = join(stack.scratch, 'graph');
  const packs: BuiltPack[] = [];
  for (let i = GRAPH_SIZE - 1; i >= 0; i--) {
    const dependencies = Object.fromEntries(
      [i + 1, 2 * i + 1, 2 * i + 2].filter((j) => j < GRAPH_SIZE).map((j) => [nameOf(j), '^1.0.0']),
    );
    for (const version of VERSIONS)
      packs.push(await buildPack(root, { name: nameOf(i), version, dependencies, keywords: ['graph'] }));
  }
  const ids: string[] = [];
  await runLoad({ concurrency: 8, maxRequests: packs.length, maxMs: 120_000 }, async (i) => {
    const pack = packs[i]!;
    ids.push(submissionIdOf(pack, await publishPack(stack.client, pack, stack.key)));
  });
  const settled = await waitSettled(stack.client, ids);
  if (settled.rejected.length > 0)
    throw new Error(`graph submissions rejected: ${describeRejections(settled.rejected)}`);
};

type Resolved = { resolved?: Record<string, { version: string }> };

/** POST /v1/resolve { graph-00: ^1.0.0 }, checked, then timed `times` times one after another: the median. */
export const measureResolve = async (stack: BenchStack, times: number): Promise<number> => {
  const body = { requirements: { [nameOf(0)]: '^1.0.0' } };
  // The registry projection applies Stored events after ingest reports them: wait until it has all 50.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { status, json } = await stack.client.postJson<Resolved>('/v1/resolve', body);
    const resolved = Object.entries(json?.resolved ?? {});
    if (status === 200 && resolved.length === GRAPH_SIZE && resolved.every(([, v]) => v.version === '1.1.0')) break;
    if (Date.now() > deadline) {
      throw new Error(
        `POST /v1/resolve answered ${status} with ${resolved.length} packages (want ${GRAPH_SIZE} at 1.1.0): ${JSON.stringify(json).slice(0, 300)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  for (let i = 0; i < 5; i++) await stack.client.postJson('/v1/resolve', body);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const { status, ms } = await stack.client.postJson<Resolved>('/v1/resolve', body);
    if (status !== 200) throw new Error(`POST /v1/resolve answered ${status} during timing`);
    samples.push(ms);
  }
  return median(samples);
};
