import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  /** Clients running at once, each issuing its next request when the previous one answered. */
  concurrency: number;
  /** Stop issuing after this many requests in all… */
  maxRequests: number;
  /** …or after this long, whichever comes first (requests in flight still finish). */
  maxMs: number;
}

export interface LoadOutcome {
  issued: number;
  elapsedMs: number;
}

/**
 * Closed-loop load: `concurrency` clients call `request(i)` with a shared, increasing `i` until
 * the count or the time bound is reached. `request` records its own latency and failures; a
 * throw here is a bug in the benchmark, not a failed request, so it stops the loop.
 */
export const runLoad = async (options: LoadOptions, request: (i: number) => Promise<void>): Promise<LoadOutcome> => {
  const t0 = performance.now();
  const deadline = t0 + options.maxMs;
  let next = 0;
  const client = async () => {
    while (next < options.maxRequests && performance.now() < deadline) await request(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { issued: next, elapsedMs: performance.now() - t0 };
};
