import { readFileSync } from 'node:fs';

export const TICKS_PER_S = 100;

interface Ticks {
  user: number;
  system: number;
}

/** utime and stime of a process in clock ticks (/proc/<pid>/stat fields 14 and 15), 0 if it is gone. */
const ticksOf = (pid: number): Ticks => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]), system: Number(fields[12]) };
  } catch {
    return { user: 0, system: 0 };
  }
};

/** utime + stime of a process in clock ticks, 0 if it is gone. */
export const cpuTicks = (pid: number): number => {
  const { user, system } = ticksOf(pid);
  return user + system;
};

export interface CpuUse {
  /** User plus kernel time, ms. */
  totalMs: number;
  /** Kernel time alone (file creation, fsync, sockets), ms. */
  systemMs: number;
}

/**
 * CPU used by named processes between `start` and `stop`: where a throughput figure's CPU goes
 * (10 ms tick resolution, so measure spans of seconds).
 */
export const cpuMeter = (pids: Readonly<Record<string, number>>) => {
  const read = () => new Map(Object.entries(pids).map(([name, pid]) => [name, ticksOf(pid)]));
  const before = read();
  const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_S;
  return {
    stop: (): Record<string, CpuUse> => {
      const after = read();
      return Object.fromEntries(
        Object.keys(pids).map((name) => {
          const [b, a] = [before.get(name)!, after.get(name)!];
          return [name, { totalMs: ms(a.user + a.system - b.user - b.system), systemMs: ms(a.system - b.system) }];
        }),
      );
    },
  };
};
