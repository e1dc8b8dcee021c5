import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from '../lib/metrics.js';

const WORKER = fileURLToPath(new URL('./download-worker.mjs', import.meta.url));

/**
 * `times` downloads of `path` from `baseUrl`, each timed from request to last byte, by a client in
 * its own small process, as a user's would be: in the bench's own process (holding the 100 MB pack
 * it just built, and more) the client's garbage collection capped the rate at about half of what a
 * separate client receives. Median MB/s (10^6 bytes); throws unless every answer is 200 with
 * `size` bytes.
 */
export const measureDownloadRate = async (
  baseUrl: string,
  path: string,
  size: number,
  times: number,
): Promise<number> => {
  const { stdout } = await promisify(execFile)(process.execPath, [WORKER, baseUrl, path, String(times)], {
    timeout: 300_000,
  });
  const answers = JSON.parse(stdout) as { status: number; bytes: number; ms: number }[];
  const bad = answers.find((a) => a.status !== 200 || a.bytes !== size);
  if (bad) throw new Error(`GET ${path} answered ${bad.status} with ${bad.bytes} of ${size} bytes`);
  return median(answers.map((a) => a.bytes / 1e6 / (a.ms / 1000)));
};
