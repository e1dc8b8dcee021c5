import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a live process was started for this data dir (guards against a recycled pid). */
const belongsTo = (pid: number, dataDir: string): boolean => {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`MARKET_DATA_DIR=${dataDir}`);
  } catch {
    return false;
  }
};

/**
 * SIGKILLs the processes listed in <dataDir>/launcher.json that still run: the launcher's children
 * and, if it has not exited, the launcher itself (listed as `router`). A launcher
 * that fails during start (or is SIGKILLed by startMarketplace's timeout) exits without stopping
 * them, and they would keep loading the shared machine. Returns the pids killed.
 */
export const killLeftovers = (dataDir: string): number[] => {
  const file = join(dataDir, 'launcher.json');
  if (!existsSync(file)) return [];
  let pids: Record<string, number | undefined>;
  try {
    pids = (JSON.parse(readFileSync(file, 'utf8')) as { pids?: Record<string, number | undefined> }).pids ?? {};
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const pid of Object.values(pids)) {
    if (!pid || !belongsTo(pid, dataDir)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // Gone in between.
    }
  }
  return killed;
};
