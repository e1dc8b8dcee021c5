import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface SupervisedOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Echo the child's output to the launcher's stdout with a name prefix. */
  echo: boolean;
  /** Called after every (re)start, e.g. to publish the new pid. */
  onStart?: (pid: number | undefined) => void;
}

/**
 * One child process the launcher keeps alive: restarted with backoff when it dies on its own,
 * stopped with SIGTERM (then SIGKILL after a grace period) when the launcher stops.
 */
export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private readonly log: WriteStream;

  constructor(private readonly options: SupervisedOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { command, args, env, name } = this.options;
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.options.onStart?.(child.pid);
    const forward = (chunk: Buffer) => {
      this.log.write(chunk);
      if (this.options.echo) process.stdout.write(prefixLines(name, chunk.toString('utf8')));
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      this.restarts++;
      const delay = Math.min(10_000, 250 * 2 ** Math.min(this.restarts, 6));
      console.error(`[launcher] ${name} exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => !this.stopping && this.start(), delay).unref();
    });
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.closeLog();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    await this.closeLog();
  }

  private closeLog(): Promise<void> {
    return new Promise((resolve) => this.log.end(() => resolve()));
  }
}

const prefixLines = (name: string, text: string): string =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => `${name.padEnd(19)} | ${l}\n`)
    .join('');
