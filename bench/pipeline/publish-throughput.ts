import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildPack, type BuiltPack } from '../../test/e2e/support/pack-factory.js';
import { BENCH_NAMESPACE, STACK_PROCESSES, type BenchStack } from './bench-stack.js';
import { cpuMeter, type CpuUse } from './cpu-ticks.js';
import { runLoad } from './load-loop.js';
import { describeRejections, publishPack, signPack, submissionIdOf, waitSettled } from './publisher.js';

/**
 * Sustained publishing: `count` packs POSTed by `concurrency` clients; the clock runs from the
 * first POST until the last of them was published: the latest `settledAt` (when storage stored
 * it) once every submission reads `published` (GET /v1/submissions/:id). `seenPerSecond` stops
 * the clock when this client saw the last one published instead, which adds up to a polling
 * round. Also gives the rate at which ingest answered the POSTs (202), to tell ingest apart from
 * the rest of the pipeline, and each process's CPU per publish until all were seen (`bench` is
 * this client).
 */
export const measurePublishThroughput = async (
  stack: BenchStack,
  options: { count: number; concurrency: number; tag: string },
): Promise<{
  perSecond: number;
  seenPerSecond: number;
  acceptedPerSecond: number;
  cpuMsPerPublish: Record<string, CpuUse>;
}> => {
  const root = join(stack.scratch, `burst-${options.tag}`);
  const packs: BuiltPack[] = [];
  for (let i = 0; i < options.count; i++) {
    packs.push(
      await buildPack(root, {
        name: `${BENCH_NAMESPACE}/burst-${options.tag}-${String(i).padStart(4, '0')}`,
        version: '1.0.0',
        keywords: ['burst', options.tag],
      }),
    );
  }
  // Signed beforehand, as the packs are built beforehand: a publisher signs on its own machine,
  // so its crypto is not the registry's to pay for out of the same two cores.
  const signatures = packs.map((pack) => signPack(pack, stack.key));
  const ids: string[] = [];
  const cpu = cpuMeter({
    ...Object.fromEntries(STACK_PROCESSES.map((name) => [name, stack.pidOf(name)])),
    bench: process.pid,
  });
  const t0 = performance.now();
  const t0Epoch = Date.now();
  await runLoad({ concurrency: options.concurrency, maxRequests: packs.length, maxMs: 300_000 }, async (i) => {
    const pack = packs[i]!;
    ids.push(submissionIdOf(pack, await publishPack(stack.client, pack, stack.key, signatures[i])));
  });
  const acceptedAt = performance.now();
  const settled = await waitSettled(stack.client, ids, 300_000);
  const cpuMs = cpu.stop();
  if (settled.rejected.length > 0) {
    throw new Error(`${settled.rejected.length} burst submissions rejected: ${describeRejections(settled.rejected)}`);
  }
  return {
    perSecond: (packs.length * 1000) / (settled.lastStoredAt - t0Epoch),
    seenPerSecond: (packs.length * 1000) / (settled.lastPublishedAt - t0),
    acceptedPerSecond: (packs.length * 1000) / (acceptedAt - t0),
    cpuMsPerPublish: Object.fromEntries(
      Object.entries(cpuMs).map(([name, use]) => [
        name,
        { totalMs: use.totalMs / packs.length, systemMs: use.systemMs / packs.length },
      ]),
    ),
  };
};
