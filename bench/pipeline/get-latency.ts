import { median } from '../lib/metrics.js';
import type { HttpClient } from './http-client.js';
import { LatencyRecorder } from './latency-recorder.js';
import { runLoad } from './load-loop.js';

export interface GetLatencyOptions {
  concurrency: number;
  /** Requests per run (bounded by maxMs too). */
  requests: number;
  maxMs: number;
  /** Runs; p50 and p99 are each the median over runs (the machine is shared and noisy). */
  runs: number;
  /** Untimed requests before the first run. */
  warmup: number;
}

export interface GetLatency {
  p50: number;
  p99: number;
  requests: number;
  failures: string;
  perSecond: number;
  /** p50/p99 per label over all runs, when the paths were labelled. */
  byLabel: Record<string, { p50: number; p99: number; count: number }>;
}

/**
 * Closed-loop GETs over `paths` (taken in order, wrapping around, each run continuing where the
 * last stopped): a non-200 answer is a failure and still counts its latency, as a user waits for it too.
 */
export const measureGets = async (
  client: HttpClient,
  paths: readonly string[],
  options: GetLatencyOptions,
  labels?: readonly string[],
): Promise<GetLatency> => {
  let cursor = 0;
  const nextPath = () => paths[cursor++ % paths.length]!;
  const labelled = new Map<string, LatencyRecorder>();
  await runLoad({ concurrency: options.concurrency, maxRequests: options.warmup, maxMs: 60_000 }, async () => {
    await client.get(nextPath());
  });
  const runs: { recorder: LatencyRecorder; perSecond: number }[] = [];
  for (let r = 0; r < options.runs; r++) {
    const recorder = new LatencyRecorder();
    const outcome = await runLoad(
      { concurrency: options.concurrency, maxRequests: options.requests, maxMs: options.maxMs },
      async () => {
        const label = labels?.[cursor % paths.length];
        const path = nextPath();
        try {
          const answer = await client.get(path);
          recorder.record(answer.ms);
          if (label !== undefined) {
            if (!labelled.has(label)) labelled.set(label, new LatencyRecorder());
            labelled.get(label)!.record(answer.ms);
          }
          if (answer.status !== 200) recorder.fail(`status ${answer.status}`);
        } catch (error) {
          recorder.fail((error as NodeJS.ErrnoException).code ?? String(error));
        }
      },
    );
    runs.push({ recorder, perSecond: (recorder.count * 1000) / outcome.elapsedMs });
  }
  return {
    p50: median(runs.map((r) => r.recorder.p(50))),
    p99: median(runs.map((r) => r.recorder.p(99))),
    requests: runs.reduce((sum, r) => sum + r.recorder.count, 0),
    failures: runs
      .map((r) => r.recorder.describeFailures())
      .filter(Boolean)
      .join(' | '),
    perSecond: median(runs.map((r) => r.perSecond)),
    byLabel: Object.fromEntries(
      [...labelled].map(([label, r]) => [label, { p50: r.p(50), p99: r.p(99), count: r.count }]),
    ),
  };
};
