import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GiveUp, waitUntil } from './wait-until.js';

/** The repository root: child scripts run there so tsx finds tsconfig.json and its path aliases. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TsxProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves (never rejects) when the process has exited. */
  exited: Promise<ChildExit>;
  /** Sends a signal (default SIGTERM); a no-op once the process is gone. */
  kill(signal?: NodeJS.Signals): void;
  /** The last 64 KiB of stdout + stderr, for assertions and failure messages. */
  output(): string;
  /** Resolves once the output matches `pattern`; fails if the process exits first or on timeout. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const running = new Set<ChildProcess>();
let hooked = false;

/**
 * Runs `node --import tsx <script>` from the repository root with `env` added to this process's
 * environment. Set MARKET_TEST_ECHO=1 to see the child's output live.
 */
export const spawnTsx = (
  scriptPath: string,
  env: Record<string, string | undefined> = {},
  args: string[] = [],
): TsxProcess => {
  const script = isAbsolute(scriptPath) ? scriptPath : resolve(repoRoot, scriptPath);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!hooked) {
    hooked = true;
    process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));
  }
  running.add(child);
  let log = '';
  const echo = process.env.MARKET_TEST_ECHO === '1';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-65_536);
    if (echo) process.stderr.write(chunk);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let gone = false;
  const exited = new Promise<ChildExit>((resolveExit) => {
    child.once('exit', (code, signal) => {
      gone = true;
      running.delete(child);
      resolveExit({ code, signal });
    });
    child.once('error', (err) => {
      append(Buffer.from(`spawn error: ${err.message}\n`));
      gone = true;
      running.delete(child);
      resolveExit({ code: null, signal: null });
    });
  });
  return {
    child,
    pid: child.pid ?? -1,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (!gone && child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    output: () => log,
    waitForOutput: (pattern, timeoutMs = 60_000) =>
      waitUntil(
        () => {
          const match = log.match(pattern);
          if (match) return match;
          if (gone) throw new GiveUp(`${scriptPath} exited before printing ${pattern}: ${log.slice(-2_000)}`);
          return null;
        },
        { timeoutMs, intervalMs: 10, message: `${scriptPath} to print ${pattern}` },
      ).catch((error: unknown) => {
        if (error instanceof GiveUp) throw error;
        throw new Error(`${(error as Error).message}; its output so far: ${JSON.stringify(log.slice(-2_000))}`);
      }),
  };
};
