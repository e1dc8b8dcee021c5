import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, GiveUp, tempDir, waitUntil } from '@market/testing';

const dir = tempDir('npm-start');
const pidsToClean: number[] = [];
afterAll(() => {
  for (const pid of pidsToClean) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: what the test wants
    }
  }
  dir.remove();
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The README's first command as a user runs it, stopped the way a supervisor stops it: SIGTERM to
 * the `npm start` process. npm passes the signal to its script's shell; the script must `exec` the
 * launcher, or the shell dies and leaves the launcher and its eight children running.
 */
describe('npm start', () => {
  it('stops the launcher and every process it started when npm itself gets SIGTERM', async () => {
    const dataDir = join(dir.path, 'data');
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, MARKET_DATA_DIR: dataDir, MARKET_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    let gone = false;
    void exited.then(() => (gone = true));
    const stateFile = join(dataDir, 'launcher.json');
    await waitUntil(
      () => {
        if (gone) throw new GiveUp(`npm start exited early:\n${output}`);
        return output.includes('marketplace ready at') && existsSync(stateFile);
      },
      { timeoutMs: 120_000, intervalMs: 200, message: 'npm start to report the marketplace ready' },
    );
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pids: Record<string, number> };
    const pids = Object.values(state.pids);
    pidsToClean.push(...pids);
    expect(pids.length).toBeGreaterThanOrEqual(8); // router (the launcher), nats-server, relay, five services
    expect(pids.every(alive)).toBe(true);

    npm.kill('SIGTERM');
    await exited;
    await waitUntil(() => pids.every((pid) => !alive(pid)), {
      timeoutMs: 30_000,
      intervalMs: 100,
      message: 'every marketplace process to stop after SIGTERM to npm',
    });
    expect(output).toContain('[launcher] stopped');
  }, 180_000);
});
