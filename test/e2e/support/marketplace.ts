import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GiveUp, waitUntil } from '@market/testing';

export interface LauncherState {
  url: string;
  natsUrl: string;
  dataDir: string;
  ports: Record<string, number>;
  pids: Record<string, number | undefined>;
}

export interface RunningMarketplace {
  url: string;
  state(): LauncherState;
  /** SIGKILLs one child (the launcher restarts it) and waits until its replacement answers. */
  killService(name: string): Promise<void>;
  stop(): Promise<void>;
}

const serviceNames = ['ingest', 'verify', 'storage', 'registry-projection', 'search-indexer'];

const healthy = async (port: number): Promise<boolean> => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/health`);
    return res.ok;
  } catch {
    return false;
  }
};

/** Starts `infra/launcher` as a real process (nats-server, relay, five services, router). */
export const startMarketplace = async (options: {
  dataDir: string;
  port: number;
  rebuild?: boolean;
}): Promise<RunningMarketplace> => {
  const stateFile = join(options.dataDir, 'launcher.json');
  const launcher: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/launcher/src/main.ts', '--quiet', ...(options.rebuild ? ['--rebuild'] : [])],
    {
      env: { ...process.env, MARKET_DATA_DIR: options.dataDir, MARKET_PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  launcher.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  launcher.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    launcher.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  const state = (): LauncherState => JSON.parse(readFileSync(stateFile, 'utf8')) as LauncherState;
  const ready = async () => {
    if (gone) throw new GiveUp(`launcher exited:\n${output}`);
    if (!existsSync(stateFile)) return false;
    const s = state();
    if (!s.url) return false;
    const checks = await Promise.all(serviceNames.map((n) => healthy(s.ports[n]!)));
    return checks.every(Boolean);
  };
  try {
    await waitUntil(ready, { timeoutMs: 120_000, intervalMs: 200, message: 'the marketplace to be ready' });
  } catch (err) {
    launcher.kill('SIGKILL');
    throw err;
  }
  return {
    url: state().url,
    state,
    killService: async (name: string) => {
      const before = state().pids[name];
      if (before) process.kill(before, 'SIGKILL');
      await waitUntil(async () => state().pids[name] !== before && (await healthy(state().ports[name]!)), {
        timeoutMs: 60_000,
        intervalMs: 100,
        message: `${name} to come back after SIGKILL`,
      });
    },
    stop: async () => {
      launcher.kill('SIGTERM');
      await exited;
    },
  };
};
