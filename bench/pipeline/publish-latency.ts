import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildPack, type BuiltPack } from '../../test/e2e/support/pack-factory.js';
import { BENCH_NAMESPACE, type BenchStack } from './bench-stack.js';
import { LatencyRecorder } from './latency-recorder.js';
import { publishPack, submissionIdOf } from './publisher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SEARCHABLE_DEADLINE_MS = 30_000;
/** Search requests in flight at once for all pending packs together. */
const POLLERS = 2;

interface Pending {
  pack: BuiltPack;
  path: string;
  postedAt: number;
  /** When this pack may be polled again. */
  dueAt: number;
}

/**
 * Publish → searchable at a steady rate: each pack is POSTed on its tick, then GET
 * /v1/search?q=<name> is polled every `pollMs` until the pack is the first hit; the latency runs
 * from the start of the POST to the answer that shows it. The polls share a few clients, so a
 * backlog lowers the poll frequency per pack instead of flooding the service being measured.
 */
export const measurePublishToSearchable = async (
  stack: BenchStack,
  options: { ratePerS: number; seconds: number; pollMs?: number },
): Promise<LatencyRecorder> => {
  const count = Math.round(options.ratePerS * options.seconds);
  const root = join(stack.scratch, 'steady');
  const packs: BuiltPack[] = [];
  for (let i = 0; i < count; i++) {
    packs.push(
      await buildPack(root, {
        name: `${BENCH_NAMESPACE}/steady-${String(i).padStart(4, '0')}`,
        version: '1.0.0',
        keywords: ['steady'],
      }),
    );
  }
  const recorder = new LatencyRecorder();
  const pollMs = options.pollMs ?? 5;
  const pending: Pending[] = [];
  let publishing = true;

  const publishAll = async () => {
    const intervalMs = 1000 / options.ratePerS;
    const posts: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < packs.length; i++) {
      const wait = start + i * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      const pack = packs[i]!;
      const postedAt = performance.now();
      posts.push(
        publishPack(stack.client, pack, stack.key).then((answer) => {
          submissionIdOf(pack, answer);
          const path = `/v1/search?${new URLSearchParams({ q: pack.name, perPage: '1' }).toString()}`;
          pending.push({ pack, path, postedAt, dueAt: performance.now() });
        }),
      );
    }
    await Promise.all(posts).finally(() => {
      publishing = false;
    });
  };

  const poller = async () => {
    while (publishing || pending.length > 0) {
      const now = performance.now();
      // Oldest due pack first; others wait for a free poller.
      const index = pending.findIndex((p) => p.dueAt <= now);
      if (index < 0) {
        await sleep(1);
        continue;
      }
      const item = pending.splice(index, 1)[0]!;
      const { status, json } = await stack.client.getJson<{ hits?: { name: string }[] }>(item.path);
      const answeredAt = performance.now();
      if (status === 200 && json?.hits?.[0]?.name === item.pack.name) recorder.record(answeredAt - item.postedAt);
      else if (answeredAt - item.postedAt > SEARCHABLE_DEADLINE_MS)
        recorder.fail(`not searchable within ${SEARCHABLE_DEADLINE_MS} ms`);
      else pending.push({ ...item, dueAt: answeredAt + pollMs });
    }
  };

  await Promise.all([publishAll(), ...Array.from({ length: POLLERS }, poller)]);
  return recorder;
};
