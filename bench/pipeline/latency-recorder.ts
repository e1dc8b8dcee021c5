import { percentile } from '../lib/metrics.js';

/** Collects request latencies (ms) and failures of one measured phase. */
export class LatencyRecorder {
  private readonly samples: number[] = [];
  private readonly failures = new Map<string, number>();

  record(ms: number): void {
    this.samples.push(ms);
  }

  /** Counts a failed request by a short reason (`status 404`, `ECONNRESET`, …). */
  fail(reason: string): void {
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  get count(): number {
    return this.samples.length;
  }

  get failed(): number {
    return [...this.failures.values()].reduce((a, b) => a + b, 0);
  }

  p(p: number): number {
    return percentile(this.samples, p);
  }

  describeFailures(): string {
    return [...this.failures].map(([reason, n]) => `${reason} ×${n}`).join(', ');
  }
}
