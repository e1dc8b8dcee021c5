import { median } from '../lib/metrics.js';
import { SERVICES, type BenchStack, type ServiceName } from './bench-stack.js';
import { readRssMb } from './rss-sampler.js';

/** Each service's VmRSS (MiB), the median of `samples` reads `gapMs` apart. */
export const idleRss = async (stack: BenchStack, samples = 5, gapMs = 400): Promise<Record<ServiceName, number>> => {
  const reads = new Map<ServiceName, number[]>(SERVICES.map((s) => [s, []]));
  for (let i = 0; i < samples; i++) {
    for (const service of SERVICES) {
      const mb = readRssMb(stack.pidOf(service));
      if (mb !== undefined) reads.get(service)!.push(mb);
    }
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return Object.fromEntries(SERVICES.map((s) => [s, median(reads.get(s)!)])) as Record<ServiceName, number>;
};

/** Each service's V8 heap in use, V8 heap committed and external memory (MiB), from its own GET /metrics (prom-client defaults). */
export const heapUse = async (
  stack: BenchStack,
): Promise<Record<ServiceName, { heap: number; total: number; external: number }>> => {
  const gauge = (text: string, name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? NaN : Number(line.split(' ')[1]) / 2 ** 20;
  };
  const entries = await Promise.all(
    SERVICES.map(async (s) => {
      const text = await fetch(`http://127.0.0.1:${stack.portOf(s)}/metrics`).then((r) => r.text());
      return [
        s,
        {
          heap: gauge(text, 'nodejs_heap_size_used_bytes'),
          total: gauge(text, 'nodejs_heap_size_total_bytes'),
          external: gauge(text, 'nodejs_external_memory_bytes'),
        },
      ];
    }),
  );
  return Object.fromEntries(entries) as Record<ServiceName, { heap: number; total: number; external: number }>;
};
