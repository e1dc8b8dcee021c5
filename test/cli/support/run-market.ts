import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MARKET_BIN = fileURLToPath(new URL('../../../libs/cli/bin/market.js', import.meta.url));

export interface MarketRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed (commands run with --json print one document). */
  json<T = Record<string, unknown>>(): T;
}

/** The environment of one simulated user: their home, registry and cache; nothing inherited from ours. */
export const userEnv = (
  over: { home: string; url: string; cacheDir: string } & Record<string, string>,
): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('MARKET_') && k !== 'XDG_CONFIG_HOME' && k !== 'XDG_CACHE_HOME') env[k] = v;
  const { home, url, cacheDir, ...rest } = over;
  return { ...env, HOME: home, MARKET_URL: url, MARKET_CACHE_DIR: cacheDir, ...rest };
};

/** Runs the real binary (`node libs/cli/bin/market.js ...`) as a separate process. */
export const runMarket = (
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<MarketRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MARKET_BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`market ${args.join(' ')} printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
          }
        },
      });
    });
  });

/** Fails with everything the command printed, so a red test says why. */
export const expectExit = (run: MarketRun, code: number, what: string): MarketRun => {
  if (run.code !== code)
    throw new Error(
      `${what}: expected exit ${code}, got ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
    );
  return run;
};

/** Splits a README command line like a POSIX shell would for the simple cases it contains. */
export const shellWords = (line: string): string[] => {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '#' && !inWord) {
      break;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unbalanced quote in: ${line}`);
  if (inWord) words.push(current);
  return words;
};
