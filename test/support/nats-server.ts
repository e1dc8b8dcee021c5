import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { freePort } from './free-port.js';
import { tempDir, type TempDir } from './temp-dir.js';
import { GiveUp, waitUntil } from './wait-until.js';

export interface NatsServer {
  url: string;
  port: number;
  /** JetStream store directory (kept across `kill()`/`restart()`, removed by `stop()`). */
  storeDir: string;
  /** SIGTERM, wait for exit, delete the store directory. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: the store directory stays, so `restart()` recovers it. */
  kill(): Promise<void>;
  /** (Re)starts on the same port and store directory; stops the running one first if any. */
  restart(): Promise<void>;
}

export interface StartNatsServerOptions {
  port?: number;
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
let hooked = false;

export const natsServerBinary = (): string =>
  existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

/** A real nats-server with JetStream on 127.0.0.1, a free port and a temp store directory. */
export const startNatsServer = async (options: StartNatsServerOptions = {}): Promise<NatsServer> => {
  const port = options.port ?? (await freePort());
  const dir: TempDir = tempDir('nats-js');
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = '';

  if (!hooked) {
    hooked = true;
    process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));
  }

  const start = async () => {
    log = '';
    const proc = spawn(natsServerBinary(), ['-js', '-sd', dir.path, '-a', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-8_000);
    };
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    child = proc;
    running.add(proc);
    let gone = false;
    exited = new Promise<void>((resolve) =>
      proc.once('exit', () => {
        gone = true;
        running.delete(proc);
        resolve();
      }),
    );
    proc.once('error', (err) => append(Buffer.from(String(err))));
    await waitUntil(
      async () => {
        if (gone) throw new GiveUp(`nats-server exited: ${log}`);
        return acceptsClients(port);
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 25, message: `nats-server on port ${port} to accept clients` },
    );
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir: dir.path,
    stop: async () => {
      await terminate('SIGTERM');
      dir.remove();
    },
    kill: () => terminate('SIGKILL'),
    restart: async () => {
      await terminate('SIGTERM');
      await start();
    },
  };
};

/** True once the server greets a TCP client with its INFO line. */
const acceptsClients = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('INFO ')));
  });
