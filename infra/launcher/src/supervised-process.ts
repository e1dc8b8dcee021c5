import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Socket } from 'node:net';
import { HANDOFF_ENV, handOffConnection, isAcceptingConnections } from '@market/connection-handoff';

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
  /** An IPC channel to the child (a Node service), over which the router hands it connections. */
  ipc?: boolean;
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
  /** The running child said it takes handed connections (its HTTP server listens). */
  private accepting = false;

  constructor(private readonly options: SupervisedOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { command, args, env, name } = this.options;
    const child = spawn(command, args, {
      env: this.options.ipc ? { ...env, [HANDOFF_ENV]: '1' } : env,
      stdio: this.options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.accepting = false;
    child.on('message', (message) => {
      if (this.child === child && isAcceptingConnections(message)) this.accepting = true;
    });
    // A channel error (the child died mid-send) is the send callback's business, not a crash.
    if (this.options.ipc) child.on('error', (error) => console.error(`[launcher] ${name}: ${error.message}`));
    this.options.onStart?.(child.pid);
    const forward = (chunk: Buffer) => {
      this.log.write(chunk);
      if (this.options.echo) process.stdout.write(prefixLines(name, chunk.toString('utf8')));
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code, signal) => {
      if (this.child === child) this.accepting = false;
      if (this.stopping) return;
      this.restarts++;
      const delay = Math.min(10_000, 250 * 2 ** Math.min(this.restarts, 6));
      console.error(`[launcher] ${name} exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => !this.stopping && this.start(), delay).unref();
    });
  }

  /** Gives a connection to the child to answer (see @market/connection-handoff); false: not now. */
  handOff(socket: Socket, bytes: Buffer, onFailed: () => void): boolean {
    if (!this.child || !this.accepting || this.stopping) return false;
    return handOffConnection(this.child, socket, bytes, onFailed);
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
