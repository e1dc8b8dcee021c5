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
