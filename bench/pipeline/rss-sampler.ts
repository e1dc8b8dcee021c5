import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** VmRSS of a live process in MiB (from /proc/<pid>/status), or undefined if it is gone. */
export const readRssMb = (pid: number): number | undefined => {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
};

export interface RssSampler {
  /** Stops sampling; resolves with the largest VmRSS seen (MiB) and how many samples were taken. */
  stop(): Promise<{ peakMb: number; samples: number }>;
}

// Plain JS run in a worker thread: it samples on its own clock, so a busy main thread (sending
// 100 MB) cannot stretch the interval and miss a peak.
const samplerSource = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { pid, intervalMs, shared } = workerData;
const control = new Int32Array(shared, 0, 2);
const peak = new Float64Array(shared, 8, 1);
const nap = new Int32Array(new SharedArrayBuffer(4));
while (Atomics.load(control, 0) === 0) {
  try {
    const m = /VmRSS:\\s+(\\d+)\\s+kB/.exec(readFileSync('/proc/' + pid + '/status', 'utf8'));
    if (m) { const kb = Number(m[1]); if (kb > peak[0]) peak[0] = kb; Atomics.add(control, 1, 1); }
  } catch {}
  Atomics.wait(nap, 0, 0, intervalMs);
}
`;

/** Samples a process's VmRSS every `intervalMs` in a worker thread until stopped. */
export const startRssSampler = (pid: number, intervalMs = 10): RssSampler => {
  const shared = new SharedArrayBuffer(16);
  const worker = new Worker(samplerSource, { eval: true, workerData: { pid, intervalMs, shared } });
  const control = new Int32Array(shared, 0, 2);
  const peak = new Float64Array(shared, 8, 1);
  return {
    stop: async () => {
      Atomics.store(control, 0, 1);
      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      return { peakMb: peak[0]! / 1024, samples: Atomics.load(control, 1) };
    },
  };
};
