/** A benchmark result: metric name → value with its unit, as written to bench/results/<suite>.json. */
export type Metrics = Record<string, { value: number; unit: string }>;

export const median = (xs: readonly number[]): number => percentile(xs, 50);

export const percentile = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
};

/** Runs `fn` `times` times and keeps the median: this machine is shared and noisy. */
export const medianOf = async (times: number, fn: () => Promise<number>): Promise<number> => {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) runs.push(await fn());
  return median(runs);
};

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
