import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { handOffConnection } from './hand-off-connection.js';
import { closingAfterFirstRequest, HANDOFF_ENV, isAcceptingConnections, readFirstRequest } from './protocol.js';

const CHILD = fileURLToPath(new URL('./testing/handoff-child.ts', import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real child process (tsx) that accepts handed connections; resolves once it says so. */
const startChild = async (env: Record<string, string> = { [HANDOFF_ENV]: '1' }) => {
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: 'inherit' });
  cleanups.push(() => void child.kill('SIGKILL'));
  const accepting = new Promise<boolean>((resolve) => {
    child.on('message', (message) => isAcceptingConnections(message) && resolve(true));
    child.once('exit', () => resolve(false));
  });
  return { child, accepting };
};

/**
 * The parent: a bare TCP server that reads each connection's first bytes and hands /blob…
 * requests to `child`; it answers the others itself (and closes), as the router does.
 */
const startParent = async (child: ChildProcess) => {
  const fallbacks: string[] = [];
  const answer = (socket: Socket, target: string) => {
    const body = JSON.stringify({ by: 'parent', pid: process.pid, url: target });
    socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  };
  const server = net.createServer((socket) => {
    socket.once('data', (bytes: Buffer) => {
      socket.pause();
      const first = readFirstRequest(bytes)!;
      if (first.target.startsWith('/blob')) {
        const handed = handOffConnection(child, socket, closingAfterFirstRequest(bytes, first), () => {
          fallbacks.push(first.target);
          answer(socket, first.target);
        });
        if (handed) return;
      }
      answer(socket, first.target);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, fallbacks };
};

/** One GET on a new connection. */
const client = (port: number) => (path: string) =>
  new Promise<{ status: number; connection: string | undefined; json: Record<string, unknown> }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'keep-alive' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode!, connection: res.headers.connection, json: JSON.parse(body) }),
        );
      })
      .on('error', reject);
  });

describe('handing a connection to a child process', () => {
  it('lets the child answer the handed requests (and close), and the parent the rest', async () => {
    const { child, accepting } = await startChild();
    expect(await accepting).toBe(true);
    const { port } = await startParent(child);
    const get = client(port);
    const answers = [];
    for (const path of ['/a', '/blob/1?x=y', '/b', '/blob/2', '/blob/3', '/c']) answers.push(await get(path));
    expect(answers.map((a) => a.json.by)).toEqual(['parent', 'child', 'parent', 'child', 'child', 'parent']);
    expect(answers.map((a) => a.json.url)).toEqual(['/a', '/blob/1?x=y', '/b', '/blob/2', '/blob/3', '/c']);
    for (const a of answers.filter((a) => a.json.by === 'child')) {
      expect(a.json.pid).toBe(child.pid);
      expect(a.json.connection).toBe('close');
      expect(a.connection).toBe('close');
    }
  });

  it('hands nothing to a child that has gone, so the parent can answer itself', async () => {
    const { child, accepting } = await startChild();
    await accepting;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const { port } = await startParent(child);
    expect((await client(port)('/blob/after-exit')).json.by).toBe('parent');
  });

  it('closes, never serves, a connection handed to a child whose server has stopped', async () => {
    const { child, accepting } = await startChild();
    await accepting;
    child.send('close-server');
    await new Promise<void>((resolve) => child.on('message', (m) => m === 'server-closed' && resolve()));
    const { port } = await startParent(child);
    await expect(client(port)('/blob/late')).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it("does not accept (or say it does) without the launcher's variable", async () => {
    const { child } = await startChild({ [HANDOFF_ENV]: '' });
    // IPC keeps order: an accepting message would arrive before 'listening'.
    const messages: unknown[] = [];
    await new Promise<void>((resolve) =>
      child.on('message', (message) => (message === 'listening' ? resolve() : void messages.push(message))),
    );
    expect(messages.filter(isAcceptingConnections)).toEqual([]);
  });
});
