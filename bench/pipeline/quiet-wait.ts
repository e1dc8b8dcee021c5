import { readFileSync } from 'node:fs';

/** utime + stime of a process in clock ticks (/proc/<pid>/stat fields 14 and 15), 0 if it is gone. */
const cpuTicks = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
};

const TICKS_PER_S = 100;

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
