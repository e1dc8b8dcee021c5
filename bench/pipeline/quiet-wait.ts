import { cpuTicks, TICKS_PER_S } from './cpu-ticks.js';

/**
 * Waits until the given processes together use less than `maxCores` of CPU over a `windowMs`
 * window, i.e. the consumers have drained what was appended and the stack idles. Returns the
 * milliseconds waited; throws at the deadline.
 */
export const waitQuiet = async (
  pids: readonly number[],
  options: { maxCores?: number; windowMs?: number; timeoutMs?: number } = {},
): Promise<number> => {
  const { maxCores = 0.05, windowMs = 1_000, timeoutMs = 300_000 } = options;
  const started = Date.now();
  const total = () => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  for (;;) {
    const before = total();
    await new Promise((r) => setTimeout(r, windowMs));
    const cores = (total() - before) / TICKS_PER_S / (windowMs / 1000);
    if (cores < maxCores) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`the stack still uses ${cores.toFixed(2)} cores after ${timeoutMs} ms`);
  }
};
